package dev.rolegate.account;

import java.util.UUID;

/** What the session engine needs to assume an account's role. {@link #toString()} hides the External ID. */
public record SessionSource(UUID accountId, String projectId, AccountStatus status, String roleArn, String awsAccountId,
        String externalId, String region, int sessionDurationSeconds) {

    @Override
    public String toString() {
        return "SessionSource[account=" + accountId + ", status=" + status + ", roleArn=" + roleArn + ", region=" + region + ", externalId=***]";
    }
}
