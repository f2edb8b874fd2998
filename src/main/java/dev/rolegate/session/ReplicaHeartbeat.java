package dev.rolegate.session;

import dev.rolegate.db.DatabaseGuard;
import dev.rolegate.logging.ThrottledLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Splits the STS cap between the replicas alive: every heartbeat interval, writes this replica's row and sets
 * the local rate limit to cap / replicas alive (see {@link StsShare}). A heartbeat the database refuses keeps the
 * last share: refreshes go on, never faster than before.
 */
@ApplicationScoped
public class ReplicaHeartbeat {

    private static final Logger LOG = Logger.getLogger(ReplicaHeartbeat.class);
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

    private final ReplicaHeartbeats heartbeats;
    private final DatabaseGuard database;
    private final StsRateLimit rate;
    private final ReplicaIdentity replica;
    private final ReplicaConfig config;
    private final Clock clock;
    private final StsShare share;
    private final ThrottledLog warnings = new ThrottledLog(LOG, WARN_INTERVAL);

    public ReplicaHeartbeat(ReplicaHeartbeats heartbeats, DatabaseGuard database, StsRateLimit rate, ReplicaIdentity replica,
            ReplicaConfig config, SessionConfig sessions, Clock clock) {
        validate(config);
        this.heartbeats = heartbeats;
        this.database = database;
        this.rate = rate;
        this.replica = replica;
        this.config = config;
        this.clock = clock;
        this.share = new StsShare(sessions.stsCallsPerSecond(), config.livenessWindow(), clock);
    }

    /** The first heartbeat runs before serving, so a replica joining a busy cluster starts at its share, not the whole cap. */
    void start(@Observes StartupEvent event, MeterRegistry meters) {
        Gauge.builder("rolegate.sts.rate.share.per.second", share, StsShare::perSecond)
                .description("AssumeRole calls per second this replica may make: the cluster's cap divided by the replicas alive").register(meters);
        Gauge.builder("rolegate.replicas.alive", share, StsShare::replicasAlive)
                .description("Replicas sharing the STS cap at the latest heartbeat, this one included (0 before the first)").register(meters);
        beat();
    }

    @Scheduled(identity = "replica-heartbeat", every = "${rolegate.replicas.heartbeat-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        beat();
    }

    /** Writes this replica's heartbeat and takes the share it implies; on any failure keeps the last share. Never throws. */
    public void beat() {
        try {
            Instant now = clock.instant();
            Instant forgetBefore = now.minus(config.livenessWindow().multipliedBy(2));
            List<Instant> others = database.call(() -> heartbeats.beat(replica.id(), now, forgetBefore));
            rate.setPerSecond(share.heartbeatSeen(others));
        } catch (RuntimeException e) {
            // An escaping exception would end the scheduled heartbeat; the last share is the safe rate meanwhile.
            warnings.warnf("Replica heartbeat failed (%s); keeping this replica's STS share at %.2f/s", e.getClass().getSimpleName(),
                    share.perSecond());
        }
    }

    /** On shutdown, while the datasource still serves (a @PreDestroy could run after it closed). */
    void leave(@Observes ShutdownEvent event) {
        try {
            database.call(() -> {
                heartbeats.remove(replica.id());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debugf("Could not remove this replica's heartbeat (the others stop counting it after the liveness window): %s",
                    e.getClass().getSimpleName());
        }
    }

    /** A window shorter than two intervals would drop live replicas after one late heartbeat, and their share would double up. */
    static void validate(ReplicaConfig config) {
        if (config.heartbeatInterval().isNegative() || config.heartbeatInterval().isZero()) {
            throw new IllegalStateException("rolegate.replicas.heartbeat-interval must be positive");
        }
        if (config.livenessWindow().compareTo(config.heartbeatInterval().multipliedBy(2)) <= 0) {
            throw new IllegalStateException("rolegate.replicas.liveness-window must exceed twice rolegate.replicas.heartbeat-interval");
        }
    }
}
