package dev.rolegate.broker;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The AWS container-credentials provider's body, field names as the SDKs expect them. */
@Schema(name = "ContainerCredentials")
public record ContainerCredentials(
        @Schema(description = "AWS access key id") @JsonProperty("AccessKeyId") String accessKeyId,
        @Schema(description = "AWS secret access key") @JsonProperty("SecretAccessKey") String secretAccessKey,
        @Schema(description = "AWS session token (named Token in this protocol)") @JsonProperty("Token") String token,
        @Schema(description = "Expiry, ISO-8601 UTC") @JsonProperty("Expiration") String expiration,
        @Schema(description = "The customer's AWS account id") @JsonProperty("AccountId") String accountId) {

    @Override
    public String toString() {
        return "ContainerCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration + ", secret=***, token=***]";
    }
}
