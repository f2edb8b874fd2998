package dev.rolegate.audit;

import dev.rolegate.db.DatabaseFailure;
import dev.rolegate.db.DatabaseUnavailableException;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Audits a portal change write-ahead: the row is inserted on the change's own connection, in its transaction, so the
 * change and its audit row commit together or not at all. Call it from the service method that makes the change. The
 * actor is the portal token's principal, with the request's client address and X-Request-Id; outside an HTTP request
 * (a test, a job) the actor is {@value #NO_REQUEST} and those fields are empty. A failed insert throws
 * {@link AuditUnavailableException}, which rolls the change back and answers 503.
 */
@ApplicationScoped
public class AdminAudit {

    private static final Logger LOG = Logger.getLogger(AdminAudit.class);
    static final String NO_REQUEST = "system";
    private static final String REQUEST_ID = "X-Request-Id";

    private final Session session;
    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final CurrentVertxRequest request;
    private final Clock clock;

    public AdminAudit(Session session, AuditLog audit, SecurityIdentity identity, CurrentVertxRequest request, Clock clock) {
        this.session = session;
        this.audit = audit;
        this.identity = identity;
        this.request = request;
        this.clock = clock;
    }

    /** Inserts the row in the caller's transaction; there must be one, or the row could outlive a rolled-back change. */
    @Transactional(TxType.MANDATORY)
    public void record(AuditAction action, String projectId, UUID accountId, String detail) {
        AuditEntry entry = entry(action).project(projectId).account(accountId).detail(detail).build();
        session.doWork(connection -> {
            try {
                AuditBatchWriter.insert(connection, List.of(entry));
            } catch (SQLException e) {
                throw refusal(e);
            }
        });
    }

    private AuditEntry.Builder entry(AuditAction action) {
        if (!Arc.container().requestContext().isActive()) {
            return AuditEntry.builder(clock.instant(), NO_REQUEST, action);
        }
        AuditEntry.Builder entry = AuditEntry.builder(clock.instant(), actor(), action);
        RoutingContext http = request.getCurrent();
        if (http != null) {
            String client = http.request().remoteAddress() == null ? null : http.request().remoteAddress().hostAddress();
            entry.request(client, http.request().getHeader(REQUEST_ID));
        }
        return entry;
    }

    private String actor() {
        return identity.isAnonymous() ? "anonymous" : "portal:" + identity.getPrincipal().getName();
    }

    /** A lost or busy database is said as such, so the guard's circuit sees the outage; any other failure refuses the write. */
    private AuditUnavailableException refusal(SQLException e) {
        DatabaseFailure failure = DatabaseFailure.of(e);
        if (failure == DatabaseFailure.NONE) {
            // An outage is logged once by the DatabaseGuard; anything else is a refused row, worth a line each.
            LOG.errorf("Audit row refused, so the portal change is rolled back: %s", BatchCommitter.describe(e));
        }
        return audit.refusal(failure == DatabaseFailure.NONE ? e : new DatabaseUnavailableException(failure, e));
    }
}
