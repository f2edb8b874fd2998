package dev.rolegate.session;

import com.google.common.util.concurrent.RateLimiter;
import dev.rolegate.aws.StsCallException;
import dev.rolegate.aws.StsFailure;
import dev.rolegate.time.Deadline;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * rolegate's own cap on AssumeRole calls, a smooth token bucket. Its rate is this replica's share of the cluster's
 * {@code sts-calls-per-second}, which {@link ReplicaHeartbeat} sets; the whole cap until the first heartbeat.
 * Scheduled refreshes wait for their turn; a request waits only until its deadline and is then answered as throttled.
 *
 * <p>Permits saved up while idle are spent no faster than the rate (Guava's warming-up limiter, with a short
 * warm-up), so the cap holds in every second, the one after an idle spell included. The bursty limiter would hand
 * out a second's saved permits at once, and replicas idle between scheduler ticks would together exceed the cap.
 */
@ApplicationScoped
public class StsRateLimit {

    /** Long enough that saved permits are never free, short enough that a replica back from idle is at full rate within it. */
    private static final Duration WARM_UP = Duration.ofMillis(100);

    private final RateLimiter limiter;

    public StsRateLimit(SessionConfig config) {
        this.limiter = RateLimiter.create(config.stsCallsPerSecond(), WARM_UP);
    }

    /** Sets the rate from now on; a waiting caller keeps the turn it was given. */
    void setPerSecond(double permitsPerSecond) {
        if (permitsPerSecond != limiter.getRate()) {
            limiter.setRate(permitsPerSecond);
        }
    }

    /** Permits per second now. */
    double perSecond() {
        return limiter.getRate();
    }

    /** Waits for a permit as long as it takes; for background work only. */
    void acquire() {
        limiter.acquire();
    }

    /** Waits for a permit until {@code deadline}; throws a THROTTLED {@link StsCallException} if none comes by then. */
    void acquire(Deadline deadline) {
        if (!limiter.tryAcquire(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
            throw new StsCallException(StsFailure.THROTTLED, "LocalRateLimit",
                    "AssumeRole not attempted: rolegate's own STS rate cap is exhausted until after the request's deadline", null);
        }
    }
}
