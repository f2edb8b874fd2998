package dev.rolegate.http;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * One Vert.x event loop per available processor, unless {@code quarkus.vertx.event-loops-pool-size}
 * is set anywhere else. Vert.x defaults to two per processor, a margin for handlers that block; the
 * broker's hot path never blocks, so the extra loops only add context switches (docs/benchmarks.md).
 * The ordinal is below every file and environment source, so any explicit setting wins.
 */
public class EventLoopConfigSource implements ConfigSource {

    static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";
    private static final int ORDINAL = 50;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(EVENT_LOOPS, getValue(EVENT_LOOPS));
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(EVENT_LOOPS);
    }

    @Override
    public String getValue(String propertyName) {
        return EVENT_LOOPS.equals(propertyName) ? String.valueOf(Runtime.getRuntime().availableProcessors()) : null;
    }

    @Override
    public String getName() {
        return "rolegate-event-loop-defaults";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
