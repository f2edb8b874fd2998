package dev.rolegate.broker;

import dev.rolegate.account.AccountChanged;
import dev.rolegate.account.AccountRepository;
import dev.rolegate.account.AwsAccount;
import dev.rolegate.cache.RefreshAheadCache;
import dev.rolegate.cache.RefreshAheadCaches;
import dev.rolegate.time.Deadline;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;

/**
 * Resolves a worker's account reference (id or name) within a project, from memory for up to
 * {@code decision-cache-ttl} and reloaded ahead of it, so the hot path reads no database. A change made on this
 * replica drops the account's routes as soon as it commits.
 */
@Startup // builds its cache now, so a non-positive ttl stops start-up
@ApplicationScoped
public class AccountDirectory {

    private static final long MAX_ROUTES = 50_000;

    private final AccountRepository accounts;
    private final RefreshAheadCache<RouteKey, AccountRoute> routes;

    public AccountDirectory(AccountRepository accounts, BrokerConfig config, RefreshAheadCaches caches) {
        this.accounts = accounts;
        this.routes = caches.create("account route", config.decisionCacheTtl(), MAX_ROUTES, this::load);
    }

    /** The account, loaded from the database unless known, or null if the project has none by that reference; call it from a worker thread. */
    public AccountRoute resolve(String projectId, String accountRef, Deadline deadline) {
        return routes.get(new RouteKey(projectId, accountRef), deadline);
    }

    /** The account if known and fresh, else null. Never blocks. */
    public AccountRoute resolvedFromMemory(String projectId, String accountRef) {
        return routes.getIfFresh(new RouteKey(projectId, accountRef));
    }

    /** The route, or null if the project has no such account (not cached, so a new account is found at once). */
    @Transactional
    AccountRoute load(RouteKey key) {
        return parseUuid(key.accountRef()).flatMap(id -> accounts.findInProject(key.projectId(), id))
                .or(() -> accounts.findLiveByName(key.projectId(), key.accountRef()))
                .map(AccountDirectory::routeOf)
                .orElse(null);
    }

    /** Forgets the account's routes once the change has committed, here or (through notify/RemoteChanges) on another replica. */
    public void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountChanged change) {
        routes.invalidateIf(route -> route.accountId().equals(change.accountId()));
    }

    private static AccountRoute routeOf(AwsAccount account) {
        return AccountRoute.of(account.id(), account.projectId(), account.name(), account.awsAccountId(), account.roleArn(),
                account.region(), account.status(), account.effectiveSessionDurationSeconds());
    }

    private static Optional<UUID> parseUuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    record RouteKey(String projectId, String accountRef) {
    }
}
