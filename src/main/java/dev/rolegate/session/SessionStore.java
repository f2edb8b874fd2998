package dev.rolegate.session;

import dev.rolegate.account.AccountRepository;
import dev.rolegate.account.AccountStatus;
import dev.rolegate.account.AccountStatusService;
import dev.rolegate.account.AwsAccount;
import dev.rolegate.aws.TemporaryCredentials;
import dev.rolegate.crypto.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The session engine's transactions. None of them spans an STS call, and each reads the account row at most once. */
@ApplicationScoped
public class SessionStore {

    private static final String SECRET = "secret_access_key";
    private static final String TOKEN = "session_token";

    private final SessionRepository sessions;
    private final AccountRepository accounts;
    private final AccountStatusService statuses;
    private final SecretBox secrets;
    private final SessionTiming timing;
    private final SessionConfig config;
    private final Event<SessionRefreshEvents.Failed> failures;
    private final Event<SessionRefreshEvents.Recovered> recoveries;
    private final Event<SessionRefreshEvents.Ended> endings;

    public SessionStore(SessionRepository sessions, AccountRepository accounts, AccountStatusService statuses, SecretBox secrets,
            SessionTiming timing, SessionConfig config, Event<SessionRefreshEvents.Failed> failures,
            Event<SessionRefreshEvents.Recovered> recoveries, Event<SessionRefreshEvents.Ended> endings) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.statuses = statuses;
        this.secrets = secrets;
        this.timing = timing;
        this.config = config;
        this.failures = failures;
        this.recoveries = recoveries;
        this.endings = endings;
    }

    /**
     * Everything a cold fetch decides in one transaction: a stored session that qualifies, or else the session's
     * lease (with what the refresh needs), or word that another replica holds it. Throws
     * {@link AccountNotServableException} if the account may not be served at all.
     */
    @Transactional
    public ColdFetch prepare(SessionKey key, SessionScope scope, String owner, Instant now, Duration minValidity) {
        AwsAccount account = requireServable(key.accountId());
        Optional<CachedSession> stored = storedQualifying(key, account, now, minValidity);
        if (stored.isPresent()) {
            return new ColdFetch.Stored(stored.get());
        }
        if (sessions.tryLease(key, scope, owner, now, now.plus(config.lease()))) {
            return new ColdFetch.Leased(new RefreshJob(key, scope, statuses.sessionSource(account)));
        }
        return new ColdFetch.HeldElsewhere();
    }

    /** The stored session if it is servable now, else empty; empty too if the account may no longer be served. */
    @Transactional
    public Optional<CachedSession> loadServable(SessionKey key, Instant now) {
        AwsAccount account = accounts.findById(key.accountId());
        if (account == null || account.status() != AccountStatus.CONNECTED) {
            return Optional.empty();
        }
        return storedQualifying(key, account, now, Duration.ZERO);
    }

    @Transactional
    public List<SessionKey> claimDue(String owner, Instant now) {
        return sessions.claimDue(now, owner, now.plus(config.lease()), config.batchSize());
    }

    /** Keeps the leases {@code owner} holds on {@code keys} from lapsing while their refreshes run. */
    @Transactional
    public void extendLeases(String owner, Collection<SessionKey> keys, Instant now) {
        sessions.extendLeases(owner, keys, now.plus(config.lease()));
    }

    /**
     * Decides whether a scheduled refresh under {@code owner}'s lease should call STS, and with what. Skips idle
     * sessions and deletes expired ones; sessions of accounts no longer CONNECTED are deleted.
     */
    @Transactional
    public Optional<RefreshJob> scheduledJob(SessionKey key, String owner, Instant now) {
        Optional<AwsSession> leased = sessions.findLeased(key, owner);
        if (leased.isEmpty()) {
            return Optional.empty();
        }
        AwsSession session = leased.get();
        AwsAccount account = accounts.findById(key.accountId());
        if (account == null || account.status() != AccountStatus.CONNECTED) {
            drop(session, "account_not_connected", now);
            return Optional.empty();
        }
        return keepRefreshing(session, now) ? Optional.of(new RefreshJob(key, session.scope(), statuses.sessionSource(account))) : Optional.empty();
    }

    private boolean keepRefreshing(AwsSession session, Instant now) {
        boolean expired = !session.hasCredentials() || !session.expiresAt().isAfter(now);
        boolean idle = session.lastUsedAt().isBefore(now.minus(config.idleTimeout()));
        if (idle && expired || !session.hasCredentials()) {
            drop(session, "idle", now);
            return false;
        }
        if (idle) {
            session.retireAt(session.expiresAt());
            return false;
        }
        return true;
    }

    /**
     * Stores credentials issued for {@code roleArn} if {@code owner} still holds the lease; empty if the lease was lost.
     * The session row is locked first, so a purge committing meanwhile either waits for this or has already removed it.
     */
    @Transactional
    public Optional<CachedSession> renew(SessionKey key, String owner, String roleArn, TemporaryCredentials credentials, Instant now) {
        return sessions.findLeased(key, owner).map(session -> {
            int failuresBefore = session.failureCount();
            session.renew(roleArn, credentials.accessKeyId(),
                    secrets.seal(credentials.secretAccessKey(), key.secretContext(SECRET)),
                    secrets.seal(credentials.sessionToken(), key.secretContext(TOKEN)),
                    now, credentials.expiration(), timing.schedule(now, credentials.expiration()));
            if (failuresBefore > 0) {
                recoveries.fire(new SessionRefreshEvents.Recovered(key, failuresBefore, now));
            }
            return new CachedSession(key, credentials, session.refreshAt(), session.staleAt());
        });
    }

    /**
     * Schedules a retry after a failed refresh ({@code reason} as counted in the failure metric); a placeholder with
     * nothing to keep is removed instead.
     */
    @Transactional
    public void failed(SessionKey key, String owner, String reason, Instant now) {
        sessions.findLeased(key, owner).ifPresent(session -> {
            if (!session.hasCredentials() || !session.expiresAt().isAfter(now)) {
                drop(session, "expired", now);
            } else {
                session.failedRefresh(now.plus(timing.retryDelay(session.failureCount() + 1)));
                failures.fire(new SessionRefreshEvents.Failed(key, session.failureCount(), reason, session.staleAt(), now));
            }
        });
    }

    /** Deletes a session; if its refreshes were failing, that run ends here, without a recovery, and observers hear of it. */
    private void drop(AwsSession session, String reason, Instant now) {
        sessions.delete(session);
        if (session.failureCount() > 0) {
            endings.fire(new SessionRefreshEvents.Ended(session.key(), session.failureCount(), reason, now));
        }
    }

    @Transactional
    public void touch(Map<SessionKey, Instant> uses) {
        sessions.touch(uses);
    }

    @Transactional
    public SessionRepository.SessionStats stats(Instant now) {
        return sessions.stats(now, now.minus(config.idleTimeout()));
    }

    /** The stored session if it holds credentials of the account's current role that qualify; never another role's. */
    private Optional<CachedSession> storedQualifying(SessionKey key, AwsAccount account, Instant now, Duration minValidity) {
        return sessions.findByKey(key)
                .filter(AwsSession::hasCredentials)
                .filter(session -> session.isForRole(account.roleArn()))
                .map(this::decrypt)
                .filter(s -> s.qualifies(now, minValidity));
    }

    private AwsAccount requireServable(UUID accountId) {
        AwsAccount account = accounts.findById(accountId);
        if (account == null) {
            throw new AccountNotServableException(AccountStatus.DISCONNECTED, "No such account " + accountId);
        }
        if (account.status() != AccountStatus.CONNECTED) {
            throw new AccountNotServableException(account.status(), "Account " + accountId + " is " + account.status() + ", not CONNECTED");
        }
        return account;
    }

    private CachedSession decrypt(AwsSession s) {
        SessionKey key = s.key();
        TemporaryCredentials credentials = new TemporaryCredentials(s.accessKeyId(),
                secrets.open(s.secretAccessKey(), key.secretContext(SECRET)),
                secrets.open(s.sessionToken(), key.secretContext(TOKEN)), s.expiresAt());
        return new CachedSession(key, credentials, s.refreshAt(), s.staleAt());
    }
}
