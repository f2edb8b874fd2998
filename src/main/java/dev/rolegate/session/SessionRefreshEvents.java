package dev.rolegate.session;

import java.time.Instant;

/**
 * CDI events fired inside the transaction that records a refresh's outcome, for observers that follow episodes of
 * failing refreshes (the portal's webhook): each failure with its running count, and the success that ends a run,
 * or the session's removal that ends it without one.
 */
public final class SessionRefreshEvents {

    private SessionRefreshEvents() {
    }

    /** A refresh failed; the session keeps serving until {@code staleAt}. {@code reason} is a metric reason, never a message. */
    public record Failed(SessionKey key, int consecutiveFailures, String reason, Instant staleAt, Instant at) {
    }

    /** A refresh succeeded after {@code failuresBefore} consecutive failures. */
    public record Recovered(SessionKey key, int failuresBefore, Instant at) {
    }

    /**
     * A session removed by the engine after {@code failuresBefore} consecutive failed refreshes, without a success:
     * {@code reason} is {@code expired} (its credentials ran out while refreshes kept failing), {@code idle} or
     * {@code account_not_connected}.
     */
    public record Ended(SessionKey key, int failuresBefore, String reason, Instant at) {
    }
}
