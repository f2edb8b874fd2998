package dev.rolegate.broker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What workers may ask of the broker. */
@ConfigMapping(prefix = "rolegate.broker")
public interface BrokerConfig {

    /**
     * Remaining validity every issued credential has at least, unless the caller asks for more; capped at
     * what the account's sessions can give. It matches the refresh-ahead margin of short sessions, so the
     * scheduler's refresh, not the caller, renews them. SDKs refresh on their own well before expiry. Default 5 min.
     */
    @WithDefault("5m")
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

    /** Retry-After, in seconds, on 503 answers when STS or the audit store is unavailable. Default 5. */
    @WithDefault("5")
    int retryAfterSeconds();
}
