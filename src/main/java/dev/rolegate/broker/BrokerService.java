package dev.rolegate.broker;

import dev.rolegate.account.AccountStatus;
import dev.rolegate.audit.AuditAction;
import dev.rolegate.audit.AuditEntry;
import dev.rolegate.audit.AuditLog;
import dev.rolegate.grant.GrantService;
import dev.rolegate.problem.ProblemException;
import dev.rolegate.session.CachedSession;
import dev.rolegate.session.SessionScope;
import dev.rolegate.session.SessionService;
import dev.rolegate.worker.WorkerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/**
 * Issues credentials to an authenticated worker: resolve the account, check the grant, take a
 * session valid for long enough, and audit the issuance before anything is returned. Fails closed:
 * no grant, no connected account, no session or no audit record means no credentials.
 */
@ApplicationScoped
public class BrokerService {

    private final AccountDirectory directory;
    private final GrantService grants;
    private final SessionService sessions;
    private final AuditLog audit;
    private final BrokerConfig config;
    private final Clock clock;

    public BrokerService(AccountDirectory directory, GrantService grants, SessionService sessions, AuditLog audit, BrokerConfig config, Clock clock) {
        this.directory = directory;
        this.grants = grants;
        this.sessions = sessions;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    public IssuedCredentials issue(WorkerIdentity who, IssueRequest request) {
        AccountRoute account = directory.resolve(request.projectId(), request.account());
        grants.authorize(who, request.projectId(), account.accountId());
        requireConnected(account);
        SessionScope scope = SessionScope.of(request.sessionPolicy(), request.policyArns());
        CachedSession session = sessions.credentials(account.accountId(), scope, minValidity(request.minValiditySeconds(), account));
        audit.record(AuditEntry.builder(clock.instant(), who.identity(), AuditAction.CREDENTIALS_ISSUED)
                .project(account.projectId())
                .account(account.accountId())
                .scopeHash(scope.hash())
                .credentials(session.credentials().accessKeyId(), session.expiresAt())
                .request(request.clientAddress(), request.requestId())
                .build());
        return new IssuedCredentials(account, session);
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
}
