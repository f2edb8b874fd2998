package dev.rolegate.broker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rolegate.account.AccountRepository;
import dev.rolegate.account.AwsAccount;
import dev.rolegate.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;

/**
 * Resolves a worker's account reference (id or name) within a project, from memory for up to
 * {@code decision-cache-ttl}, so the hot path reads no database while the answer is fresh.
 */
@ApplicationScoped
public class AccountDirectory {

    private final AccountRepository accounts;
    private final Cache<String, AccountRoute> routes;

    public AccountDirectory(AccountRepository accounts, BrokerConfig config) {
        this.accounts = accounts;
        this.routes = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(config.decisionCacheTtl()).build();
    }

    /** The account, loaded from the database unless known; call it from a worker thread. */
    public AccountRoute resolve(String projectId, String accountRef) {
        AccountRoute cached = resolvedFromMemory(projectId, accountRef);
        return cached != null ? cached : load(projectId, accountRef);
    }

    /** The account if known and fresh, else null. Never blocks. */
    public AccountRoute resolvedFromMemory(String projectId, String accountRef) {
        return routes.getIfPresent(projectId + "/" + accountRef);
    }

    @Transactional
    AccountRoute load(String projectId, String accountRef) {
        AwsAccount account = parseUuid(accountRef).flatMap(id -> accounts.findInProject(projectId, id))
                .or(() -> accounts.findLiveByName(projectId, accountRef))
                .orElseThrow(() -> ProblemException.notFound("Project '" + projectId + "' has no AWS account '" + accountRef + "'"));
        AccountRoute route = new AccountRoute(account.id(), account.projectId(), account.name(), account.awsAccountId(), account.roleArn(),
                account.region(), account.status(), account.effectiveSessionDurationSeconds());
        routes.put(projectId + "/" + accountRef, route);
        return route;
    }

    private static Optional<UUID> parseUuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
