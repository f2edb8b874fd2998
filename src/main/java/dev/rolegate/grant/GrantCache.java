package dev.rolegate.grant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rolegate.worker.IdentityKind;
import dev.rolegate.worker.WorkerAuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Grant lookups in memory, so authorizing a worker does not read the database on the hot path. A lookup,
 * "no grant" included, is trusted for {@code grants.cache-ttl}; changes on this replica evict it at commit.
 * Which project an account belongs to never changes, so that is kept until evicted by size.
 */
@ApplicationScoped
public class GrantCache {

    private final Cache<Key, Scope> scopes;
    private final Cache<UUID, String> accountProjects;
    private final WorkerAuthConfig.Grants config;
    private final Clock clock;

    public GrantCache(WorkerAuthConfig config, Clock clock) {
        this.config = config.grants();
        this.clock = clock;
        this.scopes = Caffeine.newBuilder().maximumSize(this.config.cacheMaxSize()).expireAfterWrite(this.config.cacheTtl()).build();
        this.accountProjects = Caffeine.newBuilder().maximumSize(this.config.cacheMaxSize()).build();
    }

    /** The cached scope of the identity in the project, or the loaded one. */
    Scope scope(String projectId, IdentityKind kind, String identity, Supplier<Scope> loader) {
        Scope cached = cachedScope(projectId, kind, identity);
        if (cached != null) {
            return cached;
        }
        Scope loaded = loader.get();
        scopes.put(new Key(projectId, kind, identity), loaded);
        return loaded;
    }

    /** The cached scope while it is trusted, else null. */
    Scope cachedScope(String projectId, IdentityKind kind, String identity) {
        Scope cached = scopes.getIfPresent(new Key(projectId, kind, identity));
        return cached != null && clock.instant().isBefore(cached.loadedAt().plus(config.cacheTtl())) ? cached : null;
    }

    /** The account's project if cached, else null. */
    String cachedProjectOf(UUID accountId) {
        return accountProjects.getIfPresent(accountId);
    }

    /** The account's project, or null if there is no such account (not cached, so a new account is seen at once). */
    String projectOf(UUID accountId, Supplier<String> loader) {
        String project = cachedProjectOf(accountId);
        if (project == null) {
            project = loader.get();
            if (project != null) {
                accountProjects.put(accountId, project);
            }
        }
        return project;
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) GrantsChanged change) {
        scopes.invalidate(new Key(change.projectId(), change.kind(), change.identity()));
    }

    private record Key(String projectId, IdentityKind kind, String identity) {
    }

    /** What one identity may use in one project: nothing, every account (accounts == null), or the listed accounts. */
    record Scope(boolean granted, Set<UUID> accounts, Instant loadedAt) {

        static Scope none(Instant now) {
            return new Scope(false, Set.of(), now);
        }

        static Scope of(Grant grant, Instant now) {
            return new Scope(true, grant.coversAllAccounts() ? null : Set.copyOf(grant.accountIds()), now);
        }

        boolean covers(UUID accountId) {
            return granted && (accounts == null || accounts.contains(accountId));
        }
    }
}
