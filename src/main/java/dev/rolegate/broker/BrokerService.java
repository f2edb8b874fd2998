package dev.rolegate.broker;

import dev.rolegate.account.AccountStatus;
import dev.rolegate.audit.AuditAction;
import dev.rolegate.audit.AuditEntry;
import dev.rolegate.audit.AuditLog;
import dev.rolegate.grant.GrantService;
import dev.rolegate.problem.ProblemException;
import dev.rolegate.problem.ProblemType;
import dev.rolegate.session.CachedSession;
import dev.rolegate.session.SessionScope;
import dev.rolegate.session.SessionService;
import dev.rolegate.worker.WorkerAuthenticator;
import dev.rolegate.worker.WorkerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Issues credentials to a worker: authenticate, resolve the account, check the grant, take a session
 * valid for long enough, and audit the issuance before anything is returned. Fails closed: no grant,
 * no connected account, no session or no audit record means no credentials.
 *
 * <p>The hot path never blocks a thread. When every answer is already in memory the decision is made
 * on the caller's thread, and only the audit commit is waited for, asynchronously. Anything that needs
 * the database or STS is decided on a worker thread instead, by the same steps.
 */
@ApplicationScoped
public class BrokerService {

    private final WorkerAuthenticator authenticator;
    private final AccountDirectory directory;
    private final GrantService grants;
    private final SessionService sessions;
    private final AuditLog audit;
    private final BrokerConfig config;
    private final ManagedExecutor blocking;
    private final Clock clock;

    public BrokerService(WorkerAuthenticator authenticator, AccountDirectory directory, GrantService grants, SessionService sessions, AuditLog audit,
            BrokerConfig config, ManagedExecutor blocking, Clock clock) {
        this.authenticator = authenticator;
        this.directory = directory;
        this.grants = grants;
        this.sessions = sessions;
        this.audit = audit;
        this.config = config;
        this.blocking = blocking;
        this.clock = clock;
    }

    /**
     * Credentials for the worker presenting {@code authorization}, once the issuance is audited. Never
     * blocks the calling thread. The stage completes on a background thread (the audit writer's, or a
     * worker's), or at once when the request is refused from memory.
     */
    public CompletionStage<IssuedCredentials> issue(String authorization, IssueRequest request) {
        Issue fromMemory;
        try {
            fromMemory = decide(new FromMemory(), authorization, request);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        CompletionStage<Issue> decided = fromMemory != null ? CompletableFuture.completedFuture(fromMemory) : loading(authorization, request);
        return decided.thenCompose(this::audited);
    }

    private CompletionStage<Issue> loading(String authorization, IssueRequest request) {
        try {
            return blocking.supplyAsync(() -> decide(new Loading(), authorization, request));
        } catch (RejectedExecutionException saturated) {
            return CompletableFuture.failedFuture(new ProblemException(ProblemType.UNAVAILABLE, "rolegate is overloaded; retry shortly"));
        }
    }

    /** The steps of a decision; null from {@code lookups} means "not in memory", and stops it. */
    private Issue decide(Lookups lookups, String authorization, IssueRequest request) {
        WorkerIdentity who = lookups.authenticate(authorization);
        if (who == null) {
            return null;
        }
        AccountRoute account = lookups.account(request.projectId(), request.account());
        if (account == null || !lookups.authorized(who, request.projectId(), account)) {
            return null;
        }
        requireConnected(account);
        SessionScope scope = SessionScope.of(request.sessionPolicy(), request.policyArns());
        CachedSession session = lookups.session(account, scope, minValidity(request.minValiditySeconds(), account));
        return session == null ? null : new Issue(who, account, scope, session, request);
    }

    private CompletionStage<IssuedCredentials> audited(Issue issue) {
        return audit.submit(AuditEntry.builder(clock.instant(), issue.who().identity(), AuditAction.CREDENTIALS_ISSUED)
                        .project(issue.account().projectId())
                        .account(issue.account().accountId())
                        .scopeHash(issue.scope().hash())
                        .credentials(issue.session().credentials().accessKeyId(), issue.session().expiresAt())
                        .request(issue.request().clientAddress(), issue.request().requestId())
                        .build())
                .thenApply(committed -> new IssuedCredentials(issue.account(), issue.session()));
    }

    private static void requireConnected(AccountRoute account) {
        if (account.status() != AccountStatus.CONNECTED) {
            throw ProblemException.conflict("Account '" + account.name() + "' is " + account.status()
                    + "; rolegate serves only CONNECTED accounts" + (account.status() == AccountStatus.ACCESS_DENIED
                    ? " (the customer's role refused rolegate; the portal must fix and re-verify it)" : ""));
        }
    }

    /** The caller's minimum, or the default; a caller may not demand more than the account's sessions can give. */
    private Duration minValidity(Integer requestedSeconds, AccountRoute account) {
        Duration attainable = Duration.ofSeconds(account.sessionDurationSeconds()).minus(STALE_AND_MARGIN);
        if (requestedSeconds == null) {
            return min(config.defaultMinValidity(), attainable);
        }
        Duration limit = min(config.maxMinValidity(), attainable);
        if (Duration.ofSeconds(requestedSeconds).compareTo(limit) > 0) {
            throw ProblemException.invalidField("minValiditySeconds", "at most " + limit.toSeconds() + " for this account, whose sessions last "
                    + account.sessionDurationSeconds() + " s");
        }
        return Duration.ofSeconds(requestedSeconds);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A fresh session is served until one minute before expiry, and needs a moment to arrive. */
    private static final Duration STALE_AND_MARGIN = Duration.ofMinutes(2);

    /** A decision to issue, not yet audited. */
    private record Issue(WorkerIdentity who, AccountRoute account, SessionScope scope, CachedSession session, IssueRequest request) {
    }

    /** Where a decision's answers come from. Refusals are thrown; null means the answer is not at hand. */
    private interface Lookups {

        WorkerIdentity authenticate(String authorization);

        AccountRoute account(String projectId, String accountRef);

        boolean authorized(WorkerIdentity who, String projectId, AccountRoute account);

        CachedSession session(AccountRoute account, SessionScope scope, Duration minValidity);
    }

    /** Answers held in memory only; never blocks. */
    private final class FromMemory implements Lookups {

        @Override
        public WorkerIdentity authenticate(String authorization) {
            return authenticator.authenticateFromMemory(authorization);
        }

        @Override
        public AccountRoute account(String projectId, String accountRef) {
            return directory.resolvedFromMemory(projectId, accountRef);
        }

        @Override
        public boolean authorized(WorkerIdentity who, String projectId, AccountRoute account) {
            return grants.authorizedFromMemory(who, projectId, account.accountId());
        }

        @Override
        public CachedSession session(AccountRoute account, SessionScope scope, Duration minValidity) {
            return sessions.fromMemory(account.accountId(), scope, minValidity);
        }
    }

    /** Answers from memory, the database or STS; blocks, so it runs on a worker thread. Never answers null. */
    private final class Loading implements Lookups {

        @Override
        public WorkerIdentity authenticate(String authorization) {
            return authenticator.authenticate(authorization);
        }

        @Override
        public AccountRoute account(String projectId, String accountRef) {
            return directory.resolve(projectId, accountRef);
        }

        @Override
        public boolean authorized(WorkerIdentity who, String projectId, AccountRoute account) {
            grants.authorize(who, projectId, account.accountId());
            return true;
        }

        @Override
        public CachedSession session(AccountRoute account, SessionScope scope, Duration minValidity) {
            return sessions.credentials(account.accountId(), scope, minValidity);
        }
    }
}
