package dev.rolegate.audit;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;

/**
 * Records a portal change after it committed and before the response leaves. The actor is the
 * portal token's principal; like every audit write, a failure here answers 503.
 */
@ApplicationScoped
public class AdminAudit {

    private static final String REQUEST_ID = "X-Request-Id";
    private static final int MAX_CLIENT = 256;

    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final CurrentVertxRequest request;
    private final Clock clock;

    public AdminAudit(AuditLog audit, SecurityIdentity identity, CurrentVertxRequest request, Clock clock) {
        this.audit = audit;
        this.identity = identity;
        this.request = request;
        this.clock = clock;
    }

    public void record(AuditAction action, String projectId, UUID accountId, String detail) {
        AuditEntry.Builder entry = AuditEntry.builder(clock.instant(), actor(), action).project(projectId).account(accountId).detail(detail);
        RoutingContext http = request.getCurrent();
        if (http != null) {
            String client = http.request().remoteAddress() == null ? null : http.request().remoteAddress().hostAddress();
            entry.request(client == null || client.length() <= MAX_CLIENT ? client : client.substring(0, MAX_CLIENT), http.request().getHeader(REQUEST_ID));
        }
        audit.record(entry.build());
    }

    private String actor() {
        return identity.isAnonymous() ? "anonymous" : "portal:" + identity.getPrincipal().getName();
    }
}
