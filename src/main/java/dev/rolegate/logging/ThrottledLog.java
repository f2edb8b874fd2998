package dev.rolegate.logging;

import com.google.common.util.concurrent.RateLimiter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * WARN lines for a failure that may repeat many times a second (an STS outage seen by every refresh): at most one
 * line per interval, which says how many were left out since the last.
 */
public final class ThrottledLog {

    private final Logger log;
    private final RateLimiter permits;
    private final AtomicLong suppressed = new AtomicLong();

    public ThrottledLog(Logger log, Duration interval) {
        this.log = log;
        this.permits = RateLimiter.create(1.0 / Math.max(0.001, interval.toMillis() / 1000.0));
    }

    /** Logs {@code message} (a format with {@code args}) unless a line went out less than the interval ago. */
    public void warnf(String format, Object... args) {
        if (!permits.tryAcquire()) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        String line = String.format(format, args);
        log.warn(left == 0 ? line : line + " (" + left + " similar lines suppressed)");
    }
}
