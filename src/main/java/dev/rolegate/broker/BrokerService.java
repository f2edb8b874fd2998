package dev.rolegate.broker;

import com.google.common.base.Suppliers;
import dev.rolegate.account.AccountStatus;
import dev.rolegate.audit.AuditAction;
import dev.rolegate.audit.AuditEntry;
import dev.rolegate.audit.AuditLog;
import dev.rolegate.db.DatabaseGuard;
import dev.rolegate.grant.AccessNotGrantedException;
import dev.rolegate.grant.GrantService;
import dev.rolegate.problem.ProblemException;
import dev.rolegate.problem.ProblemType;
import dev.rolegate.session.CachedSession;
import dev.rolegate.session.SessionScope;
import dev.rolegate.session.SessionService;
import dev.rolegate.session.SessionTiming;
import dev.rolegate.time.Deadline;
import dev.rolegate.worker.WorkerAuthenticator;
import dev.rolegate.worker.WorkerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Issues credentials to a worker: authenticate, read the request, resolve the account, check the grant, take a
 * session valid for long enough, and audit the issuance before anything is returned. Fails closed: no grant, no
 * connected account, no session or no audit record means no credentials. A missing account is refused like an
 * ungranted one, so a worker learns nothing about accounts it may not use.
 *
 * <p>The hot path never blocks a thread. When every answer is already in memory the decision is made
 * on the caller's thread, and only the audit commit is waited for, asynchronously. Anything that needs
 * the database or STS is decided on a worker thread instead, by the same steps, behind the database's
 * circuit breaker and within the request's time budget ({@code rolegate.broker.request-timeout}).
 */
@ApplicationScoped
public class BrokerService {

    private static final Logger LOG = Logger.getLogger(BrokerService.class);

    private final WorkerAuthenticator authenticator;
    private final AccountDirectory directory;
    private final GrantService grants;
    private final SessionService sessions;
    private final AuditLog audit;
    private final BrokerConfig config;
    private final ManagedExecutor blocking;
    private final DatabaseGuard database;
    private final Clock clock;
    private final SessionTiming timing;

    public BrokerService(WorkerAuthenticator authenticator, AccountDirectory directory, GrantService grants, SessionService sessions, AuditLog audit,
            BrokerConfig config, ManagedExecutor blocking, DatabaseGuard database, Clock clock, SessionTiming timing) {
        this.authenticator = authenticator;
        this.directory = directory;
        this.grants = grants;
        this.sessions = sessions;
        this.audit = audit;
        this.config = config;
        this.blocking = blocking;
        this.database = database;
        this.clock = clock;
        this.timing = timing;
    }

    /**
     * Credentials for the worker presenting {@code authorization}, once the issuance is audited. {@code request} is
     * read only after the worker is authenticated, so an anonymous caller learns nothing from validation. Never
     * blocks the calling thread. The stage completes on a background thread (the audit writer's, or a worker's),
     * or at once when the request is refused from memory.
     */
    public CompletionStage<IssuedCredentials> issue(String authorization, Supplier<IssueRequest> request) {
        Deadline deadline = Deadline.in(config.requestTimeout());
        Supplier<IssueRequest> readOnce = Suppliers.memoize(request::get);
        Issue fromMemory;
        try {
            fromMemory = decide(new FromMemory(), authorization, readOnce);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        CompletionStage<Issue> decided = fromMemory != null ? CompletableFuture.completedFuture(fromMemory) : loading(authorization, readOnce, deadline);
        return decided.thenCompose(this::audited);
    }

    private CompletionStage<Issue> loading(String authorization, Supplier<IssueRequest> request, Deadline deadline) {
        try {
            return blocking.supplyAsync(() -> decideLoading(authorization, request, deadline));
        } catch (RejectedExecutionException saturated) {
            return CompletableFuture.failedFuture(new ProblemException(ProblemType.UNAVAILABLE, "rolegate is overloaded; retry shortly"));
        }
    }

    /** On a worker thread, unless the request waited for one past its deadline: then it is answered 503 at once. */
    private Issue decideLoading(String authorization, Supplier<IssueRequest> request, Deadline deadline) {
        if (deadline.hasPassed()) {
            throw deadline.exceeded("a free worker thread");
        }
        return database.call(() -> decide(new Loading(deadline), authorization, request));
    }

    /** The steps of a decision; null from {@code lookups} means "not in memory", and stops it. */
    private Issue decide(Lookups lookups, String authorization, Supplier<IssueRequest> body) {
        WorkerIdentity who = lookups.authenticate(authorization);
        if (who == null) {
            return null;
        }
        IssueRequest request = body.get();
        AccountRoute account = lookups.account(who, request.projectId(), request.account());
        if (account == null || !lookups.authorized(who, request.projectId(), account)) {
            return null;
        }
        requireConnected(account);
        SessionScope scope = SessionScope.of(request.sessionPolicy(), request.policyArns());
        scope.requirePartition(account.partition());
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

    /** Worded as for an account the worker has no grant for: a missing account and a forbidden one look alike. */
    private static AccessNotGrantedException noSuchAccount(WorkerIdentity who, String projectId, String accountRef) {
        LOG.debugf("Denied %s %s: project %s has no account %s", who.kind(), who.identity(), projectId, accountRef);
        return new AccessNotGrantedException("No grant allows this identity to use this account");
    }

    private static void requireConnected(AccountRoute account) {
        if (account.status() != AccountStatus.CONNECTED) {
            throw ProblemException.conflict("Account '" + account.name() + "' is " + account.status()
                    + "; rolegate serves only CONNECTED accounts" + (account.status() == AccountStatus.ACCESS_DENIED
                    ? " (the customer's role refused rolegate; the portal must fix and re-verify it)" : ""));
        }
    }

    /**
     * The caller's minimum, or the default; a caller may not demand more than the account's sessions can give. The
     * default never exceeds the refresh margin of the account's sessions, so the scheduler renews them before any
     * request has to wait for STS: 15 min for sessions of 1 h or more, 5 min (or a fifth of the lifetime) for shorter ones.
     */
    private Duration minValidity(Integer requestedSeconds, AccountRoute account) {
        Duration sessionLength = Duration.ofSeconds(account.sessionDurationSeconds());
        Duration attainable = sessionLength.minus(STALE_AND_MARGIN);
        if (requestedSeconds == null) {
            return min(min(config.defaultMinValidity(), timing.prefetchMargin(sessionLength)), attainable);
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

        AccountRoute account(WorkerIdentity who, String projectId, String accountRef);

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
        public AccountRoute account(WorkerIdentity who, String projectId, String accountRef) {
            return directory.resolvedFromMemory(projectId, accountRef);
        }

        @Override
        public boolean authorized(WorkerIdentity who, String projectId, AccountRoute account) {
            return grants.authorizedFromMemory(who, projectId, account.accountId(), account.projectId());
        }

        @Override
        public CachedSession session(AccountRoute account, SessionScope scope, Duration minValidity) {
            return sessions.fromMemory(account.accountId(), scope, minValidity);
        }
    }

    /** Answers from memory, the database or STS, waiting until the request's deadline at most; runs on a worker thread. Never answers null. */
    private final class Loading implements Lookups {

        private final Deadline deadline;

        Loading(Deadline deadline) {
            this.deadline = deadline;
        }

        @Override
        public WorkerIdentity authenticate(String authorization) {
            return authenticator.authenticate(authorization, deadline);
        }

        @Override
        public AccountRoute account(WorkerIdentity who, String projectId, String accountRef) {
            AccountRoute route = directory.resolve(projectId, accountRef, deadline);
            if (route == null) {
                throw noSuchAccount(who, projectId, accountRef);
            }
            return route;
        }

        @Override
        public boolean authorized(WorkerIdentity who, String projectId, AccountRoute account) {
            grants.authorize(who, projectId, account.accountId(), account.projectId(), deadline);
            return true;
        }

        @Override
        public CachedSession session(AccountRoute account, SessionScope scope, Duration minValidity) {
            return sessions.credentials(account.accountId(), scope, minValidity, deadline);
        }
    }
}
