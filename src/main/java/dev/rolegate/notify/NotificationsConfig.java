package dev.rolegate.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Change notifications between replicas (PostgreSQL LISTEN/NOTIFY). While a replica is not listening, what it caches
 * is trusted for the caches' own bound (30 s by default), as without notifications.
 */
@ConfigMapping(prefix = "rolegate.notifications")
public interface NotificationsConfig {

    /** Publish changes that stop issuance and listen for other replicas' changes. Default true. */
    @WithDefault("true")
    boolean enabled();

    /**
     * First wait before reconnecting a dropped listening connection; doubles up to {@link #reconnectMaxBackoff()}, and
     * starts again from here only after a connection that lasted {@link #checkInterval()} (each reconnection drops every
     * cached entry, so a flapping connection must not reconnect fast). Jittered down to half. Default 500 ms.
     */
    @WithDefault("500ms")
    Duration reconnectBackoff();

    /** Longest wait between reconnection attempts. Default 30 s. */
    @WithDefault("30s")
    Duration reconnectMaxBackoff();

    /**
     * How often the listening connection is checked with a round trip, so a connection lost without a reset (a
     * network partition) is noticed. Default 5 s.
     */
    @WithDefault("5s")
    Duration checkInterval();

    /** How long opening the listening connection and each check may take. Default 2 s. */
    @WithDefault("2s")
    Duration connectTimeout();
}
