package dev.rolegate.session;

import dev.rolegate.account.AccountStatus;
import dev.rolegate.account.AccountStatusService;
import dev.rolegate.account.SessionSource;
import dev.rolegate.aws.AssumeRoleCommand;
import dev.rolegate.aws.RoleSessionNames;
import dev.rolegate.aws.StsCallException;
import dev.rolegate.aws.StsConfig;
import dev.rolegate.aws.StsFailure;
import dev.rolegate.aws.StsGateway;
import dev.rolegate.aws.TemporaryCredentials;
import dev.rolegate.cache.RefreshAheadCache;
import dev.rolegate.db.DatabaseFailure;
import dev.rolegate.db.DatabaseUnavailableException;
import dev.rolegate.logging.ThrottledLog;
import dev.rolegate.time.Deadline;
import dev.rolegate.time.DeadlineExceededException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Refreshes one session whose lease this replica holds: AssumeRole under the rate cap, then store the result.
 * AccessDenied revokes the account. Any other failure, of any kind, keeps the old session in service, schedules a
 * retry with backoff, and is counted ({@code rolegate.session.refresh.failures}) and logged (throttled WARN).
 */
@ApplicationScoped
public class SessionRefresher {

    static final int FALLBACK_DURATION_SECONDS = 3600;
    private static final int CHAINED_MAX_SECONDS = 3600;
    private static final Logger LOG = Logger.getLogger(SessionRefresher.class);
    private static final Duration WARN_INTERVAL = Duration.ofSeconds(10);
    private static final String FAILURES = "rolegate.session.refresh.failures";
    private static final String DATABASE = "database";

    private final SessionStore store;
    private final AccountStatusService accounts;
    private final StsGateway sts;
    private final StsConfig stsConfig;
    private final SessionCache cache;
    private final SessionConfig config;
    private final StsRateLimit rate;
    private final LeaseKeeper leases;
    private final Clock clock;
    private final Timer latency;
    private final MeterRegistry meters;
    private final ThrottledLog warnings = new ThrottledLog(LOG, WARN_INTERVAL);

    public SessionRefresher(SessionStore store, AccountStatusService accounts, StsGateway sts, StsConfig stsConfig, SessionCache cache,
            SessionConfig config, StsRateLimit rate, LeaseKeeper leases, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.accounts = accounts;
        this.sts = sts;
        this.stsConfig = stsConfig;
        this.cache = cache;
        this.config = config;
        this.rate = rate;
        this.leases = leases;
        this.clock = clock;
        this.meters = meters;
        this.latency = Timer.builder("rolegate.session.refresh.latency").description("Time to refresh one session, rate-limit wait excluded")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /**
     * A scheduled refresh of the session {@code owner} claimed. Never throws: idle, purged or lost sessions are
     * skipped, and every failure is recorded (retry with backoff, metric, WARN) or, for AccessDenied, revokes the account.
     */
    public void refreshScheduled(SessionKey key, String owner) {
        try {
            store.scheduledJob(key, owner, clock.instant()).ifPresent(job -> {
                TemporaryCredentials credentials = assume(job, Optional.empty());
                RefreshAheadCache.Mark storing = cache.mark();
                store.renew(key, owner, job.source().roleArn(), credentials, storing.at()).ifPresent(session -> cache.put(session, storing));
            });
        } catch (RuntimeException e) {
            failed(key, owner, e);
        }
    }

    /**
     * Refreshes a session this replica leased for a waiting request, within {@code deadline}. Empty if the lease was
     * lost meanwhile (the account was purged); throws {@link StsCallException} or {@link AccountNotServableException} on failure.
     */
    public Optional<CachedSession> refreshLeased(RefreshJob job, String owner, Deadline deadline) {
        leases.hold(job.key(), owner);
        try {
            TemporaryCredentials credentials = assume(job, Optional.of(deadline));
            return store.renew(job.key(), owner, job.source().roleArn(), credentials, clock.instant());
        } catch (RuntimeException e) {
            throw failed(job.key(), owner, e);
        } finally {
            leases.release(job.key());
        }
    }

    private TemporaryCredentials assume(RefreshJob job, Optional<Deadline> deadline) {
        SessionSource source = job.source();
        int duration = cappedDuration(source.sessionDurationSeconds());
        try {
            return timedAssume(job, duration, deadline);
        } catch (StsCallException e) {
            if (e.failure() != StsFailure.DURATION_EXCEEDS_ROLE_MAX || duration <= FALLBACK_DURATION_SECONDS) {
                throw e;
            }
            accounts.recordDurationFallback(source.accountId(), FALLBACK_DURATION_SECONDS);
            return timedAssume(job, FALLBACK_DURATION_SECONDS, deadline);
        }
    }

    /** A waiting request's call must end by its deadline; a background refresh may take the configured call timeout. */
    private TemporaryCredentials timedAssume(RefreshJob job, int durationSeconds, Optional<Deadline> deadline) {
        SessionSource source = job.source();
        AssumeRoleCommand command = new AssumeRoleCommand(source.roleArn(), source.externalId(),
                RoleSessionNames.of(source.projectId(), source.awsAccountId()), durationSeconds, source.region(), config.sourceIdentity(),
                job.scope().policy(), job.scope().policyArns());
        if (deadline.isEmpty()) {
            rate.acquire();
            return latency.record(() -> sts.assumeRole(command).credentials());
        }
        rate.acquire(deadline.get());
        Duration budget = deadline.get().atMost(stsConfig.interactiveCallTimeout());
        return latency.record(() -> sts.assumeRole(command, budget).credentials());
    }

    private int cappedDuration(int requested) {
        return config.roleChaining() ? Math.min(requested, CHAINED_MAX_SECONDS) : requested;
    }

    /** Records a failed refresh; returns what the waiting caller, if any, should see. */
    private RuntimeException failed(SessionKey key, String owner, RuntimeException e) {
        String reason = reasonOf(e);
        meters.counter(FAILURES, "reason", reason).increment();
        if (e instanceof StsCallException sts && sts.failure() == StsFailure.ACCESS_DENIED) {
            revoke(key);
            return new AccountNotServableException(AccountStatus.ACCESS_DENIED, "The customer revoked access to account " + key.accountId());
        }
        warnings.warnf("Refresh of session %s failed (%s), retrying with backoff: %s", key, reason, describe(e));
        try {
            store.failed(key, owner, reason, clock.instant());
        } catch (RuntimeException notRecorded) {
            // The database is the likely cause; the lease lapses by itself and the session is retried then.
            LOG.debugf("Could not record the failed refresh of %s: %s", key, notRecorded.getClass().getSimpleName());
        }
        return e;
    }

    private void revoke(SessionKey key) {
        String reason = "AWS denied AssumeRole while refreshing credentials: the role was deleted or its trust policy changed. "
                + "Fix the role, then verify the account again.";
        if (accounts.revokeAccess(key.accountId(), reason)) {
            meters.counter("rolegate.account.revocations").increment();
        }
    }

    private static String reasonOf(RuntimeException e) {
        if (e instanceof StsCallException sts) {
            return sts.failure().name().toLowerCase(Locale.ROOT);
        }
        if (DatabaseFailure.of(e) != DatabaseFailure.NONE) {
            return DATABASE;
        }
        return e instanceof DeadlineExceededException ? "deadline" : "internal";
    }

    /** Counts a scheduled refresh the database circuit refused before it started; its lease lapses and it is claimed again. */
    void refusedBeforeStart() {
        meters.counter(FAILURES, "reason", DATABASE).increment();
    }

    /** Messages of rolegate's own exceptions are written to be safe; anything else is named by its class only. */
    private static String describe(RuntimeException e) {
        boolean own = e instanceof StsCallException || e instanceof DatabaseUnavailableException || e instanceof DeadlineExceededException;
        return own ? e.getMessage() : e.getClass().getName();
    }
}
