package dev.rolegate.broker;

import dev.rolegate.account.AccountStatus;
import dev.rolegate.aws.RoleArn;
import java.util.UUID;

/** The facts the broker needs about an account to serve it, without any secret. */
public record AccountRoute(UUID accountId, String projectId, String name, String awsAccountId, String roleArn, String region,
        AccountStatus status, int sessionDurationSeconds) {

    /** The AWS partition the account's role lives in, which its session policies must be in too; empty before a role is attached. */
    public String partition() {
        return RoleArn.tryParse(roleArn).map(RoleArn::partition).orElse("");
    }
}
