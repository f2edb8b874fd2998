package dev.rolegate.session;

import com.google.common.util.concurrent.RateLimiter;
import dev.rolegate.account.AccountStatus;
import dev.rolegate.account.AccountStatusService;
import dev.rolegate.account.SessionSource;
import dev.rolegate.aws.AssumeRoleCommand;
import dev.rolegate.aws.RoleSessionNames;
import dev.rolegate.aws.StsCallException;
import dev.rolegate.aws.StsFailure;
import dev.rolegate.aws.StsGateway;
import dev.rolegate.aws.TemporaryCredentials;
import dev.rolegate.cache.RefreshAheadCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Refreshes one session whose lease the caller holds: AssumeRole under the global rate cap, then
 * store the result. AccessDenied revokes the account; other failures keep the old session in
 * service and schedule a retry.
 */
@ApplicationScoped
public class SessionRefresher {

    static final int FALLBACK_DURATION_SECONDS = 3600;
    private static final int CHAINED_MAX_SECONDS = 3600;
    private static final Logger LOG = Logger.getLogger(SessionRefresher.class);

    private final SessionStore store;
    private final AccountStatusService accounts;
    private final StsGateway sts;
    private final SessionCache cache;
    private final SessionConfig config;
    private final Clock clock;
    private final RateLimiter stsRate;
    private final Timer latency;
    private final MeterRegistry meters;

    public SessionRefresher(SessionStore store, AccountStatusService accounts, StsGateway sts, SessionCache cache, SessionConfig config,
            Clock clock, MeterRegistry meters) {
        this.store = store;
        this.accounts = accounts;
        this.sts = sts;
        this.cache = cache;
        this.config = config;
        this.clock = clock;
        this.meters = meters;
        this.stsRate = RateLimiter.create(config.stsCallsPerSecond());
        this.latency = Timer.builder("rolegate.session.refresh.latency").description("Time to refresh one session, rate-limit wait excluded")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /**
     * Refreshes the session under {@code owner}'s lease. Empty when there was nothing to do (idle,
     * purged, lease lost); throws {@link StsCallException} or {@link AccountNotServableException} when it failed.
     */
    public Optional<CachedSession> refresh(SessionKey key, String owner, boolean scheduled) {
        Optional<SessionScope> scope = store.scopeToRefresh(key, owner, clock.instant(), scheduled);
        if (scope.isEmpty()) {
            return Optional.empty();
        }
        SessionSource source = accounts.sessionSource(key.accountId()).orElseThrow();
        try {
            TemporaryCredentials credentials = assume(source, scope.get());
            RefreshAheadCache.Mark storing = cache.mark();
            Optional<CachedSession> renewed = store.renew(key, owner, credentials, storing.at());
            renewed.ifPresent(session -> cache.put(session, storing));
            return renewed;
        } catch (StsCallException e) {
            return handleFailure(key, owner, e);
        }
    }

    private TemporaryCredentials assume(SessionSource source, SessionScope scope) {
        int duration = cappedDuration(source.sessionDurationSeconds());
        try {
            return timedAssume(source, scope, duration);
        } catch (StsCallException e) {
            if (e.failure() != StsFailure.DURATION_EXCEEDS_ROLE_MAX || duration <= FALLBACK_DURATION_SECONDS) {
                throw e;
            }
            accounts.recordDurationFallback(source.accountId(), FALLBACK_DURATION_SECONDS);
            return timedAssume(source, scope, FALLBACK_DURATION_SECONDS);
        }
    }

    private TemporaryCredentials timedAssume(SessionSource source, SessionScope scope, int durationSeconds) {
        stsRate.acquire();
        return latency.record(() -> sts.assumeRole(new AssumeRoleCommand(source.roleArn(), source.externalId(),
                RoleSessionNames.of(source.projectId(), source.awsAccountId()), durationSeconds, source.region(), config.sourceIdentity(),
                scope.policy(), scope.policyArns())).credentials());
    }

    private int cappedDuration(int requested) {
        return config.roleChaining() ? Math.min(requested, CHAINED_MAX_SECONDS) : requested;
    }

    private Optional<CachedSession> handleFailure(SessionKey key, String owner, StsCallException e) {
        if (e.failure() == StsFailure.ACCESS_DENIED) {
            revoke(key);
            throw new AccountNotServableException(AccountStatus.ACCESS_DENIED, "The customer revoked access to account " + key.accountId());
        }
        LOG.warnf("Refresh of session %s failed, will retry: %s", key, e.getMessage());
        store.failed(key, owner, clock.instant());
        throw e;
    }

    private void revoke(SessionKey key) {
        String reason = "AWS denied AssumeRole while refreshing credentials: the role was deleted or its trust policy changed. "
                + "Fix the role, then verify the account again.";
        if (accounts.revokeAccess(key.accountId(), reason)) {
            meters.counter("rolegate.account.revocations").increment();
        }
        store.purge(key.accountId());
        cache.invalidateAccount(key.accountId());
    }
}
