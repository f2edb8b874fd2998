package dev.rolegate.kubernetes;

import dev.rolegate.logging.ThrottledLog;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What rolegate's calls to each cluster (key set, discovery, TokenReview) last did. A failure is logged at WARN
 * with its cause (at most one line per cluster per {@link #LOG_INTERVAL}), counted in
 * {@value #FAILURES_METRIC}{cluster,reason} and shown by {@link KubernetesHealthCheck} until a call succeeds.
 */
@ApplicationScoped
public class ClusterCalls {

    /** Prometheus: rolegate_kubernetes_verification_failures_total{cluster,reason}. */
    public static final String FAILURES_METRIC = "rolegate.kubernetes.verification.failures";
    private static final Logger LOG = Logger.getLogger(ClusterCalls.class);
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Observation> latest = new ConcurrentHashMap<>();
    private final Map<String, ThrottledLog> logs = new ConcurrentHashMap<>();

    public ClusterCalls(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    void succeeded(String cluster) {
        latest.put(cluster, new Observation(null, null, clock.instant()));
    }

    void failed(String cluster, String what, ClusterCallException e) {
        latest.put(cluster, new Observation(e.failure(), what + ": " + e.getMessage(), clock.instant()));
        meters.counter(FAILURES_METRIC, "cluster", cluster, "reason", e.failure().tag()).increment();
        logs.computeIfAbsent(cluster, name -> new ThrottledLog(LOG, LOG_INTERVAL))
                .warnf("Kubernetes cluster '%s': %s failed (%s): %s", cluster, what, e.failure().tag(), e.getMessage());
    }

    /** The latest observation per cluster, by cluster name; clusters never called yet are absent. */
    public Map<String, Observation> latestByCluster() {
        return new TreeMap<>(latest);
    }

    /** One call's outcome: a failure (with what failed) or, with both null, a success. */
    public record Observation(CallFailure failure, String detail, Instant at) {

        public boolean isFailure() {
            return failure != null;
        }
    }
}
