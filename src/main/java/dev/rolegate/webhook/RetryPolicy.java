package dev.rolegate.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try an event again: exponential backoff from the base delay, capped, jittered down to half so replicas that
 * failed together do not retry together; none once the next try would fall past the event's maximum age.
 */
record RetryPolicy(Duration baseDelay, Duration maxDelay, Duration maxAge) {

    static RetryPolicy of(WebhookConfig config) {
        return new RetryPolicy(config.retryBaseDelay(), config.retryMaxDelay(), config.maxAge());
    }

    /**
     * The next attempt after {@code attempts} failed ones (counting the one that just failed), or empty to give up.
     * {@code random} is in [0, 1).
     */
    Optional<Instant> nextAttempt(int attempts, Instant occurredAt, Instant now, double random) {
        Instant next = now.plus(jittered(delay(attempts), random));
        return next.isAfter(occurredAt.plus(maxAge)) ? Optional.empty() : Optional.of(next);
    }

    Duration delay(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration delay = baseDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private static Duration jittered(Duration delay, double random) {
        long millis = delay.toMillis();
        return Duration.ofMillis(millis / 2 + (long) (millis / 2.0 * random));
    }
}
