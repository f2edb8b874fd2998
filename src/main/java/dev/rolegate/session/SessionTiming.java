package dev.rolegate.session;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * When a session should be refreshed and when it must stop being served. The prefetch margin depends
 * on the session's length (under 1 h: 5 min; 1 h to 6 h: 16 min; longer: 60 min), is at least 20 % of the
 * lifetime, and the refresh moves earlier by a random jitter; the stale point stays fixed, so jitter can never
 * push a refresh past it.
 *
 * <p>The 1 h tier follows the AWS SDKs: botocore refreshes once less than 15 min remain (its advisory window;
 * 10 min is mandatory), the Java SDK v2's ContainerCredentialsProvider prefetches 15 min before expiry (jittered
 * later, up to 2 min before it) and the JS SDK v3 treats credentials with less than 5 min left as expired. A 1 h
 * session renewed 16 min before expiry is replaced before any of them asks again, so each fetches once per session.
 */
@Startup
@ApplicationScoped
public class SessionTiming {

    static final Duration ONE_HOUR = Duration.ofHours(1);
    static final Duration SIX_HOURS = Duration.ofHours(6);
    /** A lifetime is measured from the moment STS answered, so it is a little short of the duration asked for. */
    private static final Duration NOMINAL_UNIT = Duration.ofMinutes(1);
    private static final double MIN_REMAINING_FRACTION = 0.2;
    /** Jitter never takes more than this share of the time before the refresh point. */
    private static final double MAX_JITTER_FRACTION = 0.1;

    private final SessionConfig config;
    private final LongUnaryOperator random;

    @Inject
    public SessionTiming(SessionConfig config) {
        this(config, bound -> bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1));
    }

    SessionTiming(SessionConfig config, LongUnaryOperator random) {
        validate(config);
        this.config = config;
        this.random = random;
    }

    /** The refresh and stale points of a session issued at {@code issuedAt} that expires at {@code expiresAt}. */
    public Schedule schedule(Instant issuedAt, Instant expiresAt) {
        Duration lifetime = Duration.between(issuedAt, expiresAt);
        Instant staleAt = expiresAt.minus(min(config.staleBeforeExpiry(), lifetime));
        Instant latestRefresh = min(expiresAt.minus(prefetchMargin(lifetime)), staleAt);
        long jitterBound = Math.min(config.maxJitter().toMillis(), (long) (Duration.between(issuedAt, latestRefresh).toMillis() * MAX_JITTER_FRACTION));
        Instant refreshAt = latestRefresh.minusMillis(random.applyAsLong(Math.max(0, jitterBound)));
        return new Schedule(refreshAt.isBefore(issuedAt) ? issuedAt : refreshAt, staleAt);
    }

    /**
     * The margin before expiry at which refresh-ahead starts, before jitter (which only moves it earlier). Tiers are
     * chosen on the nominal length, the lifetime rounded to the minute: a 1 h session seen as 59:59.7 is a 1 h session.
     */
    public Duration prefetchMargin(Duration lifetime) {
        Duration nominal = Duration.ofMinutes(Math.round(lifetime.toMillis() / (double) NOMINAL_UNIT.toMillis()));
        Duration tier = nominal.compareTo(ONE_HOUR) < 0 ? config.prefetch().shortSessions()
                : nominal.compareTo(SIX_HOURS) <= 0 ? config.prefetch().mediumSessions()
                : config.prefetch().longSessions();
        Duration fifth = Duration.ofMillis((long) (lifetime.toMillis() * MIN_REMAINING_FRACTION));
        return tier.compareTo(fifth) >= 0 ? tier : fifth;
    }

    /** Jittered exponential backoff after {@code failures} consecutive failed refreshes. */
    public Duration retryDelay(int failures) {
        long base = config.retryBaseDelay().toMillis();
        long cap = config.retryMaxDelay().toMillis();
        long exponential = failures >= 31 ? cap : Math.min(cap, base << Math.max(0, failures - 1));
        return Duration.ofMillis(Math.max(base / 2, random.applyAsLong(exponential)));
    }

    static void validate(SessionConfig config) {
        SessionConfig.Prefetch p = config.prefetch();
        if (config.staleBeforeExpiry().compareTo(p.shortSessions()) > 0) {
            throw new IllegalStateException("rolegate.session.stale-before-expiry (" + config.staleBeforeExpiry()
                    + ") must not exceed rolegate.session.prefetch.short-sessions (" + p.shortSessions() + ")");
        }
        if (p.shortSessions().compareTo(p.mediumSessions()) > 0 || p.mediumSessions().compareTo(p.longSessions()) > 0) {
            throw new IllegalStateException("rolegate.session.prefetch margins must grow with session length: short <= medium <= long");
        }
        if (config.retryBaseDelay().isNegative() || config.retryBaseDelay().isZero() || config.retryMaxDelay().compareTo(config.retryBaseDelay()) < 0) {
            throw new IllegalStateException("rolegate.session.retry-base-delay must be positive and at most retry-max-delay");
        }
        config.sourceIdentity().ifPresent(SessionTiming::validateSourceIdentity);
        if (config.concurrency() < 1 || config.batchSize() < 1 || config.stsCallsPerSecond() <= 0) {
            throw new IllegalStateException("rolegate.session.concurrency, batch-size and sts-calls-per-second must be positive");
        }
    }

    /** STS's rule for SourceIdentity; checked here so a typo stops start-up instead of every refresh. */
    private static void validateSourceIdentity(String sourceIdentity) {
        if (!sourceIdentity.matches("[\\w+=,.@-]{2,64}") || sourceIdentity.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
            throw new IllegalStateException("rolegate.session.source-identity must be 2-64 characters of [\\w+=,.@-] and not start with 'aws:'");
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Refresh-ahead point and the last moment a session may be served. */
    public record Schedule(Instant refreshAt, Instant staleAt) {
    }
}
