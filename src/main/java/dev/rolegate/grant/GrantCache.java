package dev.rolegate.grant;

import dev.rolegate.cache.RefreshAheadCache;
import dev.rolegate.cache.RefreshAheadCaches;
import dev.rolegate.time.Deadline;
import dev.rolegate.worker.IdentityKind;
import dev.rolegate.worker.WorkerAuthConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Set;
import java.util.UUID;

/**
 * Grant lookups in memory, so authorizing a worker does not read the database on the hot path. A lookup,
 * "no grant" included, is trusted for {@code grants.cache-ttl} and reloaded ahead of it; changes on this
 * replica evict it at commit.
 */
@Startup // builds its cache now, so a non-positive ttl stops start-up
@ApplicationScoped
public class GrantCache {

    private final GrantRepository grants;
    private final RefreshAheadCache<Key, Scope> scopes;

    public GrantCache(GrantRepository grants, WorkerAuthConfig config, RefreshAheadCaches caches) {
        this.grants = grants;
        this.scopes = caches.create("grant", config.grants().cacheTtl(), config.grants().cacheMaxSize(), this::load);
    }

    /** The scope of the identity in the project: cached, or loaded. Blocks on a miss, until {@code deadline} at most. */
    Scope scope(String projectId, IdentityKind kind, String identity, Deadline deadline) {
        return scopes.get(new Key(projectId, kind, identity), deadline);
    }

    /** The cached scope while it is trusted, else null. Never blocks. */
    Scope cachedScope(String projectId, IdentityKind kind, String identity) {
        return scopes.getIfFresh(new Key(projectId, kind, identity));
    }

    private Scope load(Key key) {
        return QuarkusTransaction.joiningExisting().call(() -> grants.findFor(key.projectId(), key.kind(), key.identity())
                .map(Scope::of)
                .orElse(Scope.NONE));
    }

    /** Forgets the lookup once the change has committed, here or (through notify/RemoteChanges) on another replica. */
    public void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) GrantsChanged change) {
        scopes.invalidate(new Key(change.projectId(), change.kind(), change.identity()));
    }

    private record Key(String projectId, IdentityKind kind, String identity) {
    }

    /** What one identity may use in one project: nothing, every account (accounts == null), or the listed accounts. */
    record Scope(boolean granted, Set<UUID> accounts) {

        static final Scope NONE = new Scope(false, Set.of());

        static Scope of(Grant grant) {
            return new Scope(true, grant.coversAllAccounts() ? null : Set.copyOf(grant.accountIds()));
        }

        boolean covers(UUID accountId) {
            return granted && (accounts == null || accounts.contains(accountId));
        }
    }
}
