package dev.rolegate.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.worker.KubernetesTokenVerifier;
import dev.rolegate.worker.TestWorkerAuthConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;

/** A verifier over the given clusters, wired as the application wires it, with its meters and call outcomes at hand. */
public record Trust(KubernetesTokenVerifier verifier, TrustedClusters clusters, ClusterCalls calls, SimpleMeterRegistry meters) {

    public static Trust of(TestKubernetesConfig kubernetes, Clock clock) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ClusterCalls calls = new ClusterCalls(meters, clock);
        TestWorkerAuthConfig config = TestWorkerAuthConfig.with(kubernetes);
        TrustedClusters clusters = new TrustedClusters(config, clock, calls, new ObjectMapper());
        return new Trust(new KubernetesTokenVerifier(config, clock, clusters), clusters, calls, meters);
    }

    public double failures(String cluster, String reason) {
        var counter = meters.find(ClusterCalls.FAILURES_METRIC).tag("cluster", cluster).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    public String health() {
        var response = new KubernetesHealthCheck(calls).call();
        return response.getStatus() + " " + response.getData().map(Object::toString).orElse("");
    }
}
