package dev.rolegate.broker;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Temporary credentials for a worker. {@link #toString()} hides the secrets. */
@Schema(name = "Credentials")
public record CredentialsResponse(
        @Schema(description = "AWS access key id (ASIA...)") String accessKeyId,
        @Schema(description = "AWS secret access key") String secretAccessKey,
        @Schema(description = "AWS session token") String sessionToken,
        @Schema(description = "When the credentials expire (UTC). They cannot be revoked before then.") Instant expiration,
        @Schema(description = "The customer's 12-digit AWS account id") String accountId,
        @Schema(description = "The role the credentials act as") String roleArn,
        @Schema(description = "The account's region") String region) {

    @Override
    public String toString() {
        return "CredentialsResponse[accessKeyId=" + accessKeyId + ", expiration=" + expiration + ", accountId=" + accountId + ", secret=***, token=***]";
    }
}
