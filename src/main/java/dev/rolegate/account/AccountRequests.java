package dev.rolegate.account;

import dev.rolegate.setup.ExternalIds;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the accounts API. */
public final class AccountRequests {

    private AccountRequests() {
    }

    /** Starts the recommended flow: rolegate generates the External ID and returns setup material. */
    @Schema(name = "SetupAccountRequest")
    public record Setup(
            @Schema(description = "Account name, unique among the project's live accounts: 1-64 letters, digits, spaces, '.', '_' or '-', "
                    + "starting with a letter or digit", example = "production", required = true, maxLength = 64)
            @NotBlank @Pattern(regexp = AccountNames.PATTERN, message = AccountNames.MESSAGE) String name,
            @Schema(description = "Region whose STS endpoint rolegate uses for this account", example = "eu-west-1", required = true)
            @NotBlank @KnownRegion String region,
            @Schema(description = "Session length in seconds (900-43200). Must not exceed the role's MaxSessionDuration. Default 3600.", example = "3600")
            @Min(value = SessionDurations.MIN, message = SessionDurations.MESSAGE) @Max(value = SessionDurations.MAX, message = SessionDurations.MESSAGE)
            Integer sessionDurationSeconds) {
    }

    /** Attaches the customer's role to a pending account. */
    @Schema(name = "ConnectAccountRequest")
    public record Connect(
            @Schema(description = "ARN of the role the customer created, e.g. the RoleArn stack output: arn:<partition>:iam::<12 digits>:role/<path/><name>, "
                    + "the path at most 512 characters, the name 1-64 characters of [\\w+=,.@-]", example = "arn:aws:iam::123456789012:role/RolegateAccess-acme", required = true)
            @NotBlank @IamRoleArn String roleArn) {
    }

    /**
     * Legacy one-call registration with an External ID the customer chose. Weaker than the setup flow:
     * a guessable or reused External ID does not protect against the confused-deputy problem.
     */
    @Schema(name = "RegisterAccountRequest", description = "Legacy flow with a customer-chosen External ID. Prefer POST .../aws-accounts/setup, where rolegate generates it.")
    public record Register(
            @Schema(description = "Account name, unique among the project's live accounts: 1-64 letters, digits, spaces, '.', '_' or '-', "
                    + "starting with a letter or digit", example = "production", required = true, maxLength = 64)
            @NotBlank @Pattern(regexp = AccountNames.PATTERN, message = AccountNames.MESSAGE) String name,
            @Schema(description = "ARN of the customer's cross-account role: arn:<partition>:iam::<12 digits>:role/<path/><name>, "
                    + "the path at most 512 characters, the name 1-64 characters of [\\w+=,.@-]", example = "arn:aws:iam::123456789012:role/PlatformAccess", required = true)
            @NotBlank @IamRoleArn String roleArn,
            @Schema(description = "External ID the role's trust policy requires: 2-1224 characters of [\\w+=,.@:/-]", required = true)
            @NotNull @Pattern(regexp = ExternalIds.PATTERN, message = ExternalIds.MESSAGE) String externalId,
            @Schema(description = "Region whose STS endpoint rolegate uses for this account", example = "eu-west-1", required = true)
            @NotBlank @KnownRegion String region,
            @Schema(description = "Session length in seconds (900-43200). Default 3600.", example = "3600")
            @Min(value = SessionDurations.MIN, message = SessionDurations.MESSAGE) @Max(value = SessionDurations.MAX, message = SessionDurations.MESSAGE)
            Integer sessionDurationSeconds) {

        @Override
        public String toString() {
            return "Register[name=" + name + ", roleArn=" + roleArn + ", region=" + region + ", externalId=***]";
        }
    }

    /** Changes an account's settings; omitted fields stay as they are. */
    @Schema(name = "UpdateAccountRequest")
    public record Update(
            @Schema(description = "New account name: 1-64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit", example = "production-eu", maxLength = 64)
            @Pattern(regexp = AccountNames.PATTERN, message = AccountNames.MESSAGE) String name,
            @Schema(description = "New region for the STS endpoint", example = "eu-central-1")
            @KnownRegion String region,
            @Schema(description = "New session length in seconds (900-43200)", example = "7200")
            @Min(value = SessionDurations.MIN, message = SessionDurations.MESSAGE) @Max(value = SessionDurations.MAX, message = SessionDurations.MESSAGE)
            Integer sessionDurationSeconds) {

        @Schema(hidden = true)
        @AssertTrue(message = "name, region or sessionDurationSeconds must be given")
        public boolean isAnyFieldGiven() {
            return name != null || region != null || sessionDurationSeconds != null;
        }
    }
}
