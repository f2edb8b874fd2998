package dev.rolegate.session;

import java.time.Instant;

/**
 * CDI events fired inside the transaction that records a refresh's outcome, for observers that follow episodes of
 * failing refreshes (the portal's webhook): each failure with its running count, and the success that ends a run.
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
}
