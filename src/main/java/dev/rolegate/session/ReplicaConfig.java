package dev.rolegate.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How replicas find out how many of them share the STS cap ({@code rolegate.session.sts-calls-per-second}).
 * Validated at start-up by {@link ReplicaHeartbeat}: the window must exceed twice the interval.
 */
@ConfigMapping(prefix = "rolegate.replicas")
public interface ReplicaConfig {

    /**
     * How often a replica writes its heartbeat and recomputes its share of the cap. A replica that joins is counted
     * by the others from their next heartbeat, so this bounds how long the cluster can briefly exceed the cap while
     * scaling up. Default 2 s.
     */
    @WithDefault("2s")
    Duration heartbeatInterval();

    /**
     * A replica whose heartbeat is older than this is no longer counted, so the others take over its share. It also
     * absorbs clock skew between replicas and a slow heartbeat. Default 10 s.
     */
    @WithDefault("10s")
    Duration livenessWindow();
}
