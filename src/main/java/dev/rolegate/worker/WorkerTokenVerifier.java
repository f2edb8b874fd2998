package dev.rolegate.worker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import dev.rolegate.worker.WorkerTokenService.StoredToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Authenticates worker tokens. The token is hashed, looked up by hash and the hash compared again in
 * constant time. Lookups are cached for {@code tokens.cache-ttl}, so the hot path does not read the
 * database; last_used_at is written at most once per {@code tokens.last-used-interval} per token.
 */
@ApplicationScoped
public class WorkerTokenVerifier {

    private static final Logger LOG = Logger.getLogger(WorkerTokenVerifier.class);

    private final WorkerTokenService tokens;
    private final WorkerAuthConfig.Tokens config;
    private final Clock clock;
    private final Cache<String, Known> known;

    public WorkerTokenVerifier(WorkerTokenService tokens, WorkerAuthConfig config, Clock clock) {
        this.tokens = tokens;
        this.config = config.tokens();
        this.clock = clock;
        this.known = Caffeine.newBuilder().maximumSize(this.config.cacheMaxSize()).expireAfterWrite(this.config.cacheTtl()).build();
    }

    /** The identity of a well-formed, known, unrevoked and unexpired worker token. May read and write the database. */
    public WorkerIdentity verify(String token) {
        byte[] hash = wellFormedHash(token);
        Instant now = clock.instant();
        Known entry = lookUp(hash, now);
        WorkerIdentity identity = check(entry, hash, now);
        recordUseIfDue(entry, now);
        return identity;
    }

    /**
     * {@link #verify} from memory alone, or null when that needs the database: the token is not cached,
     * or its use is due to be recorded. Never blocks.
     */
    public WorkerIdentity verifiedFromMemory(String token) {
        byte[] hash = wellFormedHash(token);
        Instant now = clock.instant();
        Known entry = cached(HexFormat.of().formatHex(hash), now);
        return entry == null || isUseDue(entry, now) ? null : check(entry, hash, now);
    }

    private static byte[] wellFormedHash(String token) {
        if (!WorkerTokenFormat.isWellFormed(token)) {
            throw new WorkerAuthenticationException(Reason.MALFORMED, "The worker token is malformed: expected 'rgw_' followed by 43 Base64url characters");
        }
        return WorkerTokenFormat.hash(token);
    }

    private static WorkerIdentity check(Known entry, byte[] hash, Instant now) {
        StoredToken stored = entry.stored();
        if (!MessageDigest.isEqual(stored.tokenHash(), hash)) {
            throw unknown();
        }
        if (stored.revokedAt() != null) {
            throw new WorkerAuthenticationException(Reason.REVOKED, "The worker token " + stored.id() + " has been revoked");
        }
        if (stored.expiresAt() != null && !now.isBefore(stored.expiresAt())) {
            throw new WorkerAuthenticationException(Reason.EXPIRED, "The worker token " + stored.id() + " has expired");
        }
        return WorkerIdentity.workerToken(stored.id(), stored.projectId());
    }

    /** Forgets a revoked token once the revocation has committed. */
    void onRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) WorkerTokenRevoked revoked) {
        known.asMap().values().removeIf(entry -> entry.stored().id().equals(revoked.tokenId()));
    }

    private Known lookUp(byte[] hash, Instant now) {
        String key = HexFormat.of().formatHex(hash);
        Known entry = cached(key, now);
        if (entry != null) {
            return entry;
        }
        Known loaded = tokens.findByHash(hash).map(stored -> new Known(stored, now)).orElseThrow(WorkerTokenVerifier::unknown);
        known.put(key, loaded);
        return loaded;
    }

    private Known cached(String key, Instant now) {
        Known entry = known.getIfPresent(key);
        return entry != null && now.isBefore(entry.loadedAt().plus(config.cacheTtl())) ? entry : null;
    }

    private boolean isUseDue(Known entry, Instant now) {
        Instant last = entry.lastUse().get();
        return last == null || !now.isBefore(last.plus(config.lastUsedInterval()));
    }

    private void recordUseIfDue(Known entry, Instant now) {
        Instant last = entry.lastUse().get();
        if (!isUseDue(entry, now) || !entry.lastUse().compareAndSet(last, now)) {
            return;
        }
        try {
            tokens.recordUse(entry.stored().id(), now);
        } catch (RuntimeException e) {
            // Bookkeeping only: the token was verified, so a failed write must not refuse the worker.
            LOG.warnf("Could not record the use of worker token %s: %s", entry.stored().id(), e.getClass().getSimpleName());
        }
    }

    private static WorkerAuthenticationException unknown() {
        return new WorkerAuthenticationException(Reason.UNKNOWN_TOKEN, "The worker token is not known to rolegate");
    }

    /** A looked-up token, when it was loaded, and the last use this replica recorded (or read). */
    private record Known(StoredToken stored, Instant loadedAt, AtomicReference<Instant> lastUse) {

        Known(StoredToken stored, Instant loadedAt) {
            this(stored, loadedAt, new AtomicReference<>(stored.lastUsedAt()));
        }
    }
}
