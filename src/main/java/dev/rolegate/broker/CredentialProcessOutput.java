package dev.rolegate.broker;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a credential_process command prints for the AWS CLI and SDKs. */
@Schema(name = "CredentialProcessOutput")
public record CredentialProcessOutput(
        @Schema(description = "Always 1") @JsonProperty("Version") int version,
        @Schema(description = "AWS access key id") @JsonProperty("AccessKeyId") String accessKeyId,
        @Schema(description = "AWS secret access key") @JsonProperty("SecretAccessKey") String secretAccessKey,
        @Schema(description = "AWS session token") @JsonProperty("SessionToken") String sessionToken,
        @Schema(description = "Expiry, ISO-8601 UTC; its presence makes clients refresh") @JsonProperty("Expiration") String expiration) {

    @Override
    public String toString() {
        return "CredentialProcessOutput[accessKeyId=" + accessKeyId + ", expiration=" + expiration + ", secret=***, token=***]";
    }
}
