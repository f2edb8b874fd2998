package dev.rolegate.worker;

import dev.rolegate.audit.AdminAudit;
import dev.rolegate.audit.AuditAction;
import dev.rolegate.problem.ProblemException;
import dev.rolegate.project.ProjectService;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Worker tokens in the database: creation (the only time a token is seen), listing, revocation and lookups by hash. */
@Startup
@ApplicationScoped
public class WorkerTokenService {

    private final WorkerTokenRepository tokens;
    private final ProjectService projects;
    private final WorkerAuthConfig.Tokens config;
    private final Event<WorkerTokenRevoked> revocations;
    private final AdminAudit audit;
    private final Clock clock;

    public WorkerTokenService(WorkerTokenRepository tokens, ProjectService projects, WorkerAuthConfig config,
            Event<WorkerTokenRevoked> revocations, AdminAudit audit, Clock clock) {
        validate(config.tokens());
        this.tokens = tokens;
        this.projects = projects;
        this.config = config.tokens();
        this.revocations = revocations;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates a token and returns it with its metadata; the token cannot be read again. */
    @Transactional
    public CreatedWorkerToken create(String projectId, WorkerTokenRequests.Create request) {
        projects.require(projectId);
        Instant now = clock.instant();
        Instant expiresAt = lifetime(request.expiresInSeconds()).map(now::plus).orElse(null);
        if (tokens.liveNameTaken(projectId, request.name())) {
            throw ProblemException.conflict("Project '" + projectId + "' already has an unrevoked worker token named '" + request.name() + "'");
        }
        String secret = WorkerTokenFormat.generate();
        WorkerToken token = new WorkerToken(UUID.randomUUID(), projectId, request.name(), WorkerTokenFormat.hash(secret), now, expiresAt);
        tokens.persist(token);
        tokens.flush();
        audit.record(AuditAction.WORKER_TOKEN_CREATED, projectId, null, "token " + token.id());
        return new CreatedWorkerToken(secret, WorkerTokenView.of(token, now));
    }

    @Transactional
    public List<WorkerTokenView> list(String projectId) {
        projects.require(projectId);
        Instant now = clock.instant();
        return tokens.listInProject(projectId).stream().map(t -> WorkerTokenView.of(t, now)).toList();
    }

    /** Revokes the token; idempotent. The token is refused from the commit on (on other replicas within the cache TTL). */
    @Transactional
    public void revoke(String projectId, UUID tokenId) {
        projects.require(projectId);
        WorkerToken token = tokens.findInProject(projectId, tokenId)
                .orElseThrow(() -> ProblemException.notFound("Project '" + projectId + "' has no worker token " + tokenId));
        if (!token.isRevoked()) {
            token.revoke(clock.instant());
            revocations.fire(new WorkerTokenRevoked(tokenId, projectId));
        }
        audit.record(AuditAction.WORKER_TOKEN_REVOKED, projectId, null, "token " + tokenId);
    }

    /** The token stored under this hash, detached, for authentication. */
    @Transactional
    public Optional<StoredToken> findByHash(byte[] tokenHash) {
        return tokens.findByHash(tokenHash).map(StoredToken::of);
    }

    /** Whether this token exists in the project and is not revoked; grants use it to validate identities. */
    @Transactional
    public boolean isLiveTokenOf(String projectId, UUID tokenId) {
        return tokens.findInProject(projectId, tokenId).filter(t -> !t.isRevoked()).isPresent();
    }

    /** Records a use, unless one was recorded within the last-used interval (by any replica). Runs in its own transaction. */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean recordUse(UUID tokenId, Instant now) {
        return tokens.touch(tokenId, now, now.minus(config.lastUsedInterval()));
    }

    private Optional<Duration> lifetime(Long expiresInSeconds) {
        if (expiresInSeconds == null) {
            return config.defaultLifetime();
        }
        if (expiresInSeconds > config.maxLifetime().toSeconds()) {
            throw ProblemException.invalidField("expiresInSeconds", "must be at most " + config.maxLifetime().toSeconds() + " (the configured maximum lifetime)");
        }
        return Optional.of(Duration.ofSeconds(expiresInSeconds));
    }

    static void validate(WorkerAuthConfig.Tokens config) {
        if (config.maxLifetime().toSeconds() < WorkerTokenRequests.MIN_LIFETIME_SECONDS) {
            throw new IllegalStateException("rolegate.workers.tokens.max-lifetime must be at least 60 s");
        }
        config.defaultLifetime().ifPresent(d -> {
            if (d.toSeconds() < WorkerTokenRequests.MIN_LIFETIME_SECONDS || d.compareTo(config.maxLifetime()) > 0) {
                throw new IllegalStateException("rolegate.workers.tokens.default-lifetime must be between 60 s and max-lifetime (" + config.maxLifetime() + ")");
            }
        });
        if (config.lastUsedInterval().isNegative() || config.cacheMaxSize() < 0) {
            throw new IllegalStateException("rolegate.workers.tokens.last-used-interval and cache-max-size must not be negative");
        }
        if (config.cacheTtl().isNegative() || config.cacheTtl().isZero()) {
            throw new IllegalStateException("rolegate.workers.tokens.cache-ttl must be positive");
        }
    }

    /** A token row as authentication needs it, detached from the persistence context. */
    public record StoredToken(UUID id, String projectId, byte[] tokenHash, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

        static StoredToken of(WorkerToken token) {
            return new StoredToken(token.id(), token.projectId(), token.tokenHash(), token.expiresAt(), token.revokedAt(), token.lastUsedAt());
        }

        @Override
        public String toString() {
            return "StoredToken[id=" + id + ", project=" + projectId + ", revokedAt=" + revokedAt + ", expiresAt=" + expiresAt + "]";
        }
    }
}
