package dev.rolegate.kubernetes;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Trusted clusters at {@code /q/health/group/kubernetes}: DOWN while the latest call to any cluster failed, listing
 * them. Deliberately not a readiness check: worker tokens, and service-account tokens verified earlier, still work,
 * and another replica would reach the same API server no better.
 */
@HealthGroup("kubernetes")
@ApplicationScoped
public class KubernetesHealthCheck implements HealthCheck {

    private final ClusterCalls calls;

    public KubernetesHealthCheck(ClusterCalls calls) {
        this.calls = calls;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, ClusterCalls.Observation> latest = calls.latestByCluster();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kubernetes");
        if (latest.isEmpty()) {
            return response.up().withData("calls", "none yet").build();
        }
        StringBuilder failing = new StringBuilder();
        latest.forEach((cluster, observation) -> {
            response.withData(cluster, describe(observation));
            if (observation.isFailure()) {
                failing.append(failing.isEmpty() ? "" : ",").append(cluster);
            }
        });
        return failing.isEmpty() ? response.up().build() : response.down().withData("failing", failing.toString()).build();
    }

    private static String describe(ClusterCalls.Observation observation) {
        return (observation.isFailure() ? observation.failure().tag() + " (" + observation.detail() + ")" : "OK") + " at " + observation.at();
    }
}
