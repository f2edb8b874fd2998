package dev.rolegate.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How rolegate behaves while PostgreSQL is unreachable. Connection, lock and statement timeouts are datasource
 * settings (see application.properties); this is the circuit breaker in front of them.
 */
@ConfigMapping(prefix = "rolegate.database")
public interface DatabaseConfig {

    /** The circuit breaker that fails database work fast during an outage. */
    Circuit circuit();

    /** When the breaker opens and how it tests the database again. */
    interface Circuit {

        /**
         * How many recent database calls the breaker looks at; at least 1. Large enough that a couple of stale pooled
         * connections after a network blip do not open it; under load, an outage fills it within milliseconds. Default 10.
         */
        @WithDefault("10")
        int window();

        /**
         * Share of those calls, more than 0 and at most 1, that must have met an outage (a lost or refused connection, no
         * connection within the acquisition timeout) to open it. Default 0.5.
         */
        @WithDefault("0.5")
        double failureRatio();

        /**
         * How long it stays open, refusing at once, before a background probe may test the database again; the probe
         * runs every half of this. At least 100 ms. Default 1 s.
         */
        @WithDefault("1s")
        Duration delay();
    }
}
