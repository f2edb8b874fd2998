package dev.rolegate.aws;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Keeps {@link StsHealth} about the present. When everything is served from cache, nothing may call STS for most
 * of an hour, and a region's last failure would stand long after STS recovered. So every
 * {@code rolegate.sts.health-probe-interval}, each region whose latest call failed at least half that long ago gets
 * a GetCallerIdentity with rolegate's own credentials: half, so that a region that keeps failing is probed on every
 * tick, while one that real calls observed moments ago is left to them. While every region is healthy, nothing is
 * called.
 */
@ApplicationScoped
public class StsHealthProbe {

    private static final Logger LOG = Logger.getLogger(StsHealthProbe.class);

    private final StsHealth health;
    private final StsGateway sts;
    private final StsConfig config;

    public StsHealthProbe(StsHealth health, StsGateway sts, StsConfig config) {
        this.health = health;
        this.sts = sts;
        this.config = config;
    }

    @Scheduled(identity = "sts-health-probe", every = "${rolegate.sts.health-probe-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        probeFailingRegions();
    }

    /** Probes every region whose latest failure is at least half a probe interval old; returns how many it probed. */
    public int probeFailingRegions() {
        int probed = 0;
        for (String region : health.failingSince(config.healthProbeInterval().dividedBy(2))) {
            probe(region);
            probed++;
        }
        return probed;
    }

    private void probe(String region) {
        try {
            sts.probe(region);
        } catch (StsCallException e) {
            // StsHealth already holds the outcome, and the health check shows it.
            LOG.debugf("STS health probe in %s failed: %s", region, e.getMessage());
        }
    }
}
