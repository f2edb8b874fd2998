package dev.rolegate.account;

import java.util.UUID;

/** CDI event fired inside the transaction that stops an account from being served (disconnect, revocation). */
public record AccountDeactivated(UUID accountId, AccountStatus status) {
}
