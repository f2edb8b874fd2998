package dev.rolegate.session;

import java.time.Duration;
import java.util.Optional;

/** SessionConfig with the documented defaults, and the few knobs unit tests turn. */
public record TestSessionConfig(Duration stale, Duration shortTier, Duration mediumTier, Duration longTier, Optional<String> sourceIdentity)
        implements SessionConfig {

    TestSessionConfig withStale(Duration newStale) {
        return new TestSessionConfig(newStale, shortTier, mediumTier, longTier, sourceIdentity);
    }

    TestSessionConfig withPrefetch(Duration s, Duration m, Duration l) {
        return new TestSessionConfig(stale, s, m, l, sourceIdentity);
    }

    @Override
    public Duration tick() {
        return Duration.ofSeconds(5);
    }

    @Override
    public int batchSize() {
        return 200;
    }

    @Override
    public int concurrency() {
        return 8;
    }

    @Override
    public double stsCallsPerSecond() {
        return 50;
    }

    @Override
    public Duration lease() {
        return Duration.ofSeconds(60);
    }

    @Override
    public Prefetch prefetch() {
        return new Prefetch() {
            @Override
            public Duration shortSessions() {
                return shortTier;
            }

            @Override
            public Duration mediumSessions() {
                return mediumTier;
            }

            @Override
            public Duration longSessions() {
                return longTier;
            }
        };
    }

    @Override
    public Duration staleBeforeExpiry() {
        return stale;
    }

    @Override
    public Duration maxJitter() {
        return Duration.ofSeconds(60);
    }

    @Override
    public Duration idleTimeout() {
        return Duration.ofHours(1);
    }

    @Override
    public Duration retryBaseDelay() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Duration retryMaxDelay() {
        return Duration.ofSeconds(60);
    }

    @Override
    public Duration cacheRevalidate() {
        return Duration.ofSeconds(30);
    }

    @Override
    public long cacheMaxSize() {
        return 1000;
    }

    @Override
    public boolean roleChaining() {
        return false;
    }
}
