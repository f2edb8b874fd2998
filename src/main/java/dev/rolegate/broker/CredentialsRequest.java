package dev.rolegate.broker;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A worker asks for credentials for one account of one project; it never names a role ARN. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "CredentialsRequest")
public record CredentialsRequest(
        @Schema(description = "Project the account belongs to", example = "acme-shop", required = true)
        @NotBlank @Pattern(regexp = "^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$", message = "must be a project id") String projectId,
        @Schema(description = "The account's rolegate id or its name within the project", example = "production", required = true)
        @NotBlank @Size(max = 64) String account,
        @Schema(description = "Minimum remaining validity of the returned credentials, in seconds (60-43200; at most what the account's sessions give, their duration less 2 minutes). Default 5 minutes (rolegate.broker.default-min-validity).", example = "1800")
        @Min(value = CredentialsRequests.MIN_VALIDITY_SECONDS, message = "must be at least 60 seconds")
        @Max(value = CredentialsRequests.MAX_VALIDITY_SECONDS, message = "must be at most 43200 seconds") Integer minValiditySeconds,
        @Schema(description = "Inline session policy (IAM JSON, at most 2048 characters) narrowing the role's permissions")
        String sessionPolicy,
        @Schema(description = "Managed policy ARNs (at most 10) narrowing the role's permissions")
        List<String> policyArns) {
}
