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

        /** How many recent database calls the breaker looks at. Default 4. */
        @WithDefault("4")
        int window();

        /** Share of those calls that must have met an outage (lost connection, refused connection) to open it. Default 0.5. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long it stays open, refusing at once, before one call may test the database again. Default 1 s. */
        @WithDefault("1s")
        Duration delay();
    }
}
