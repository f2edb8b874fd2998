package dev.rolegate.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.worker.WorkerAuthConfig;
import dev.rolegate.worker.WorkerAuthenticationException;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The trusted clusters, by issuer. A token goes to the cluster whose issuer its (unverified) {@code iss} names, and
 * only that cluster's keys or API server decide. Built from configuration at start-up, which fails on a configuration
 * error; nothing is fetched then, so an unreachable API server does not stop start-up.
 */
@ApplicationScoped
public class TrustedClusters {

    private final Map<String, TrustedCluster> byIssuer;
    private final ObjectMapper json;

    public TrustedClusters(WorkerAuthConfig config, java.time.Clock clock, ClusterCalls calls, ObjectMapper json) {
        this.json = json;
        this.byIssuer = new ClusterFactory(config.kubernetes(), clock, calls, json).byIssuer();
    }

    /** True when no cluster is trusted, so every service-account token is refused. */
    public boolean isEmpty() {
        return byIssuer.isEmpty();
    }

    /**
     * The verdict of the cluster that issued {@code token}. May call that cluster, so call it from a worker thread.
     *
     * @throws WorkerAuthenticationException         when the token is not a JWT or names no trusted issuer
     * @throws KubernetesUnavailableException when the cluster's keys or TokenReview cannot be reached
     */
    public Verdict verify(String token, Instant now) {
        UnverifiedClaims claims = UnverifiedClaims.read(token, json).orElseThrow(() -> new WorkerAuthenticationException(Reason.INVALID,
                "The token is neither a worker token ('rgw_...') nor a service-account JWT"));
        TrustedCluster cluster = byIssuer.get(claims.issuer());
        if (cluster == null) {
            throw new WorkerAuthenticationException(Reason.WRONG_ISSUER,
                    "The service-account token was not issued by a trusted cluster (trusted issuers: " + trustedIssuers() + ")");
        }
        return cluster.verify(token, claims, now);
    }

    /** Keeps key sets fresh in the background, and a cluster's health honest when no token needs it. */
    @Scheduled(every = "${rolegate.workers.kubernetes.jwks-refresh-interval:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshKeys() {
        byIssuer.values().forEach(TrustedCluster::refresh);
    }

    private String trustedIssuers() {
        return byIssuer.keySet().stream().collect(Collectors.joining(", "));
    }

    /** For tests and logs: issuer to cluster, sorted. */
    Map<String, TrustedCluster> clusters() {
        return new TreeMap<>(byIssuer);
    }
}
