package dev.rolegate.aws;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * STS health at {@code /q/health/group/sts}: DOWN while the latest call in any region failed, listing those
 * regions. Deliberately not a readiness check: with STS down, cached sessions still serve, so the pod must stay
 * in the load balancer. {@link StsHealthProbe} keeps a failure from outliving STS's recovery.
 */
@HealthGroup("sts")
@ApplicationScoped
public class StsHealthCheck implements HealthCheck {

    private final StsHealth health;

    public StsHealthCheck(StsHealth health) {
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, StsHealth.Observation> latest = health.latestByRegion();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("sts");
        if (latest.isEmpty()) {
            return response.up().withData("calls", "none yet").build();
        }
        StringBuilder failing = new StringBuilder();
        latest.forEach((region, observation) -> {
            response.withData(region, describe(observation));
            if (observation.isFailure()) {
                failing.append(failing.isEmpty() ? "" : ",").append(region);
            }
        });
        return failing.isEmpty() ? response.up().build() : response.down().withData("failing", failing.toString()).build();
    }

    private static String describe(StsHealth.Observation observation) {
        return (observation.isFailure() ? observation.failure().name() : "OK") + " at " + observation.at();
    }
}
