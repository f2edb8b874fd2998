package dev.rolegate.broker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What workers may ask of the broker. */
@ConfigMapping(prefix = "rolegate.broker")
public interface BrokerConfig {

    /**
     * Remaining validity every issued credential has at least, unless the caller asks for more. For an account it is
     * capped at the refresh margin of its sessions ({@code rolegate.session.prefetch.*}, at least a fifth of their
     * length) and at what they can give (their length less 2 min), so the scheduler, not a waiting caller, renews them.
     * Default 15 min: the window in which botocore (advisory refresh) and the Java SDK v2 (prefetch) ask again, so
     * credentials served for a session of 1 h or more never fall inside it. Must be positive and at most
     * {@code rolegate.session.prefetch.medium-sessions} less {@code rolegate.session.tick} (checked at start-up).
     */
    @WithDefault("15m")
    Duration defaultMinValidity();

    /** The most a caller may demand with minValiditySeconds. Default 11 h (a 12 h session minus refresh margins). */
    @WithDefault("11h")
    Duration maxMinValidity();

    /**
     * How long an account's routing facts (id, role, status) are trusted from memory; this bounds how late a
     * change made on another replica takes effect. Entries in use are re-read in the background after half
     * to three quarters of it, so requests do not wait. Must be positive. Default 30 s.
     */
    @WithDefault("30s")
    Duration decisionCacheTtl();

    /**
     * Retry-After, in seconds, on every 503 rolegate answers: STS, the database or the audit store unavailable, or a
     * request's wait outlasting {@link #requestTimeout()}. Default 5.
     */
    @WithDefault("5")
    int retryAfterSeconds();

    /**
     * How long a credential request may wait, in all, for what is not in memory: the database, another request's
     * load, another replica's refresh, the STS rate cap and STS itself (whose call gets at most
     * {@code rolegate.sts.interactive-call-timeout} of it). Past it the request is answered 503 with Retry-After.
     * AWS SDKs give up on a credential endpoint after one to a few seconds and retry. Default 5 s.
     */
    @WithDefault("5s")
    Duration requestTimeout();
}
