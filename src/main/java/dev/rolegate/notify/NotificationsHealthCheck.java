package dev.rolegate.notify;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Change notifications at {@code /q/health/group/notifications}: DOWN while this replica is not listening, so other
 * replicas' changes take effect here only when cached entries expire. Deliberately not a readiness check: the
 * replica still serves correctly, only with the slower bound.
 */
@HealthGroup("notifications")
@ApplicationScoped
public class NotificationsHealthCheck implements HealthCheck {

    private final ChangeListener listener;

    public NotificationsHealthCheck(ChangeListener listener) {
        this.listener = listener;
    }

    @Override
    public HealthCheckResponse call() {
        if (!listener.enabled()) {
            return HealthCheckResponse.named("notifications").up().withData("enabled", false).build();
        }
        return HealthCheckResponse.named("notifications").status(listener.listening()).withData("enabled", true).build();
    }
}
