package dev.rolegate.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How rolegate keeps STS sessions fresh. Validated at start-up by {@link SessionTiming}. */
@ConfigMapping(prefix = "rolegate.session")
public interface SessionConfig {

    /** How often the refresh scheduler looks for due sessions. Default 5 s. */
    @WithDefault("5s")
    Duration tick();

    /** Most sessions one replica claims per tick. Default 200. */
    @WithDefault("200")
    int batchSize();

    /** Refreshes one replica runs in parallel. Default 8. */
    @WithDefault("8")
    int concurrency();

    /**
     * AssumeRole calls per second one replica may make for sessions. STS allows about 600/s per region for
     * the whole platform account, so keep replicas x this well below that. Default 50.
     */
    @WithDefault("50")
    double stsCallsPerSecond();

    /**
     * How long a claim on a session lasts. The holder renews it every third of this while it works (see LeaseKeeper),
     * so it only bounds how long a replica that died mid-refresh keeps others waiting. Default 10 s.
     */
    @WithDefault("10s")
    Duration lease();

    /** Refresh-ahead margins before expiry, by session length, like the AWS SDK's dynamic prefetch. */
    Prefetch prefetch();

    /** Sessions are never served later than this before expiry (the SDK's "stale" time). Must not exceed prefetch.short. Default 1 min. */
    @WithDefault("1m")
    Duration staleBeforeExpiry();

    /** Largest random amount a refresh is moved earlier, so sessions issued together do not refresh together. Default 60 s. */
    @WithDefault("60s")
    Duration maxJitter();

    /** Sessions nobody used for this long are not refreshed; they expire and are deleted. Default 1 h. */
    @WithDefault("1h")
    Duration idleTimeout();

    /** First delay after a failed refresh; doubles per failure, with full jitter. Default 2 s. */
    @WithDefault("2s")
    Duration retryBaseDelay();

    /** Cap on the delay between refresh attempts. Default 60 s. */
    @WithDefault("60s")
    Duration retryMaxDelay();

    /**
     * How long a replica serves a session from memory before re-reading it (and its account's status) from the
     * database. Sessions in use are re-read in the background after half to three quarters of it, so requests do
     * not wait. Must be positive. Default 30 s.
     */
    @WithDefault("30s")
    Duration cacheRevalidate();

    /** Most sessions kept decrypted in memory. Default 20000. */
    @WithDefault("20000")
    long cacheMaxSize();

    /**
     * Set when rolegate itself runs on role credentials (e.g. IRSA on EKS): AWS caps a chained session at
     * 1 h, so longer account durations are clamped to 3600 s instead of failing. Default false.
     */
    @WithDefault("false")
    boolean roleChaining();

    /** SourceIdentity set on every session (2-64 chars of [\w+=,.@-], not starting with "aws:"), visible in CloudTrail. Default none. */
    Optional<String> sourceIdentity();

    /** Refresh-ahead margins; see {@link SessionTiming}. */
    interface Prefetch {

        /** Margin for sessions shorter than 1 h. Default 5 min. */
        @WithDefault("5m")
        Duration shortSessions();

        /**
         * Margin for sessions of 1 h up to 6 h. Default 16 min: the AWS SDKs' 15-minute refresh window (botocore's
         * advisory refresh, the Java SDK v2's prefetch) plus a minute for the scheduler's tick and the STS call, so an
         * SDK that asks 15 min before expiry already gets the next session. Below 15 min plus the tick, botocore
         * refetches on every API call until the refresh happens.
         */
        @WithDefault("16m")
        Duration mediumSessions();

        /** Margin for sessions over 6 h. Default 60 min. */
        @WithDefault("60m")
        Duration longSessions();
    }
}
