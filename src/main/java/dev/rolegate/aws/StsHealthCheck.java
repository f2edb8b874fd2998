package dev.rolegate.aws;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * STS health at {@code /q/health/group/sts}. Deliberately not a readiness check: with STS down,
 * cached sessions still serve, so the pod must stay in the load balancer.
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
        StsHealth.Observation latest = health.latest();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("sts");
        if (latest == null) {
            return response.up().withData("calls", "none yet").build();
        }
        response.withData("since", latest.at().toString());
        return latest.failure() == null ? response.up().build() : response.down().withData("failure", latest.failure().name()).build();
    }
}
