package dev.rolegate.broker;

import dev.rolegate.account.AccountStatus;
import dev.rolegate.aws.RoleArn;
import java.util.UUID;

/**
 * The facts the broker needs about an account to serve it, without any secret. {@code partition} is the AWS partition
 * of the account's role, which its session policies must be in too ("" before a role is attached); it is worked out
 * once when the route is loaded, not on every request.
 */
public record AccountRoute(UUID accountId, String projectId, String name, String awsAccountId, String roleArn, String region,
        AccountStatus status, int sessionDurationSeconds, String partition) {

    static AccountRoute of(UUID accountId, String projectId, String name, String awsAccountId, String roleArn, String region, AccountStatus status,
            int sessionDurationSeconds) {
        return new AccountRoute(accountId, projectId, name, awsAccountId, roleArn, region, status, sessionDurationSeconds,
                RoleArn.tryParse(roleArn).map(RoleArn::partition).orElse(""));
    }
}
