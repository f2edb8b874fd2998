package dev.rolegate.account;

import java.util.UUID;

/**
 * CDI event fired inside any transaction that changes what serving an account depends on: status, role, region,
 * session duration, name. Observers drop what they remember of the account once it commits.
 */
public record AccountChanged(UUID accountId) {
}
