package dev.rolegate.grant;

import dev.rolegate.audit.AdminAudit;
import dev.rolegate.audit.AuditAction;
import dev.rolegate.problem.ProblemException;
import dev.rolegate.project.ProjectService;
import dev.rolegate.time.Deadline;
import dev.rolegate.worker.IdentityKind;
import dev.rolegate.worker.ServiceAccountNames;
import dev.rolegate.worker.WorkerIdentity;
import dev.rolegate.worker.WorkerTokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Grants: who may receive credentials for which accounts of a project. Without a grant, the answer is no. */
@ApplicationScoped
public class GrantService {

    private static final Logger LOG = Logger.getLogger(GrantService.class);

    private final GrantRepository grants;
    private final ProjectService projects;
    private final WorkerTokenService workerTokens;
    private final GrantCache cache;
    private final Event<GrantsChanged> changes;
    private final AdminAudit audit;
    private final Clock clock;

    public GrantService(GrantRepository grants, ProjectService projects, WorkerTokenService workerTokens, GrantCache cache,
            Event<GrantsChanged> changes, AdminAudit audit, Clock clock) {
        this.audit = audit;
        this.grants = grants;
        this.projects = projects;
        this.workerTokens = workerTokens;
        this.cache = cache;
        this.changes = changes;
        this.clock = clock;
    }

    /**
     * Returns normally only if {@code who} holds a grant in {@code projectId} that covers {@code accountId}, and the
     * account belongs to that project ({@code accountProjectId}, as read with the account). A worker token is never
     * authorized outside its own project.
     *
     * @throws AccessNotGrantedException otherwise
     */
    public void authorize(WorkerIdentity who, String projectId, UUID accountId, String accountProjectId, Deadline deadline) {
        requireOwnProject(who, projectId, accountId);
        decide(who, projectId, accountId, accountProjectId, cache.scope(projectId, who.kind(), who.identity(), deadline));
    }

    /**
     * {@link #authorize} from memory alone. Returns true if granted, false if the answer is not in
     * memory (call {@link #authorize} from a worker thread then). Never blocks.
     *
     * @throws AccessNotGrantedException if refused on what is already known
     */
    public boolean authorizedFromMemory(WorkerIdentity who, String projectId, UUID accountId, String accountProjectId) {
        requireOwnProject(who, projectId, accountId);
        GrantCache.Scope scope = cache.cachedScope(projectId, who.kind(), who.identity());
        if (scope == null) {
            return false;
        }
        decide(who, projectId, accountId, accountProjectId, scope);
        return true;
    }

    private static void requireOwnProject(WorkerIdentity who, String projectId, UUID accountId) {
        Objects.requireNonNull(who, "who");
        if (projectId == null || accountId == null) {
            throw denied(who, projectId, accountId, "no project or account named");
        }
        if (who.kind() == IdentityKind.WORKER_TOKEN && !projectId.equals(who.projectId())) {
            throw denied(who, projectId, accountId, "worker token of project " + who.projectId());
        }
    }

    private static void decide(WorkerIdentity who, String projectId, UUID accountId, String accountProjectId, GrantCache.Scope scope) {
        if (!scope.covers(accountId)) {
            throw denied(who, projectId, accountId, scope.granted() ? "grant does not list the account" : "no grant");
        }
        if (!projectId.equals(accountProjectId)) {
            throw denied(who, projectId, accountId, "account is not in the project");
        }
    }

    @Transactional
    public GrantView create(String projectId, GrantRequest request) {
        projects.require(projectId);
        String identity = normalizedIdentity(projectId, request.identityKind(), request.identity());
        List<UUID> accountIds = request.accountIds() == null ? null : projectAccounts(projectId, request.accountIds());
        if (grants.findFor(projectId, request.identityKind(), identity).isPresent()) {
            throw ProblemException.conflict("Project '" + projectId + "' already has a grant for " + request.identityKind() + " " + identity
                    + "; delete it first to change the accounts");
        }
        Grant grant = new Grant(UUID.randomUUID(), projectId, request.identityKind(), identity, accountIds, clock.instant());
        grants.persist(grant);
        grants.flush();
        changes.fire(new GrantsChanged(projectId, grant.identityKind(), identity));
        audit.record(AuditAction.GRANT_CREATED, projectId, null, "grant " + grant.id() + " for " + grant.identityKind() + " " + identity);
        return GrantView.of(grant);
    }

    @Transactional
    public List<GrantView> list(String projectId) {
        projects.require(projectId);
        return grants.listInProject(projectId).stream().map(GrantView::of).toList();
    }

    @Transactional
    public void delete(String projectId, UUID grantId) {
        projects.require(projectId);
        Grant grant = grants.findInProject(projectId, grantId)
                .orElseThrow(() -> ProblemException.notFound("Project '" + projectId + "' has no grant " + grantId));
        grants.delete(grant);
        changes.fire(new GrantsChanged(projectId, grant.identityKind(), grant.identity()));
        audit.record(AuditAction.GRANT_DELETED, projectId, null, "grant " + grantId);
    }

    private String normalizedIdentity(String projectId, IdentityKind kind, String identity) {
        if (kind == IdentityKind.SERVICE_ACCOUNT) {
            if (!ServiceAccountNames.isIdentity(identity)) {
                throw ProblemException.invalidField("identity", ServiceAccountNames.MESSAGE);
            }
            return identity;
        }
        UUID tokenId = parseTokenId(identity);
        if (!workerTokens.isLiveTokenOf(projectId, tokenId)) {
            throw ProblemException.invalidField("identity", "must be the id of an unrevoked worker token of project '" + projectId + "'");
        }
        return tokenId.toString();
    }

    private static UUID parseTokenId(String identity) {
        try {
            return UUID.fromString(identity.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("identity", "must be a worker token id (a UUID), not the token itself");
        }
    }

    private List<UUID> projectAccounts(String projectId, List<UUID> requested) {
        Set<UUID> distinct = new LinkedHashSet<>(requested);
        Set<UUID> found = grants.accountsOfProject(projectId, distinct);
        List<UUID> missing = distinct.stream().filter(id -> !found.contains(id)).toList();
        if (!missing.isEmpty()) {
            throw ProblemException.invalidField("accountIds", "not accounts of project '" + projectId + "': " + missing);
        }
        return new ArrayList<>(distinct);
    }

    private static AccessNotGrantedException denied(WorkerIdentity who, String projectId, UUID accountId, String why) {
        LOG.debugf("Denied %s %s for account %s of project %s: %s", who.kind(), who.identity(), accountId, projectId, why);
        return new AccessNotGrantedException(who.kind() + " " + who.identity() + " has no grant for account " + accountId
                + " of project '" + projectId + "'");
    }
}
