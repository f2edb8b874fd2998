package dev.rolegate.account;

import java.time.Instant;
import java.util.UUID;

/**
 * CDI event fired inside the transaction that changes an account's status, as its history entry is written; observers
 * that record it (the portal webhook's outbox) record it only if the change commits.
 */
public record AccountStatusChanged(UUID accountId, String projectId, String name, String awsAccountId, AccountStatus from,
        AccountStatus to, String reason, Instant at) {
}
