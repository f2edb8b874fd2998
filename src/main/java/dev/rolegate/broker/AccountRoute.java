package dev.rolegate.broker;

import dev.rolegate.account.AccountStatus;
import java.util.UUID;

/** The facts the broker needs about an account to serve it, without any secret. */
public record AccountRoute(UUID accountId, String projectId, String name, String awsAccountId, String roleArn, String region,
        AccountStatus status, int sessionDurationSeconds) {
}
