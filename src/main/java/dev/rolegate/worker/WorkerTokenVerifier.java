package dev.rolegate.worker;

import dev.rolegate.background.DetachedExecutor;
import dev.rolegate.cache.RefreshAheadCache;
import dev.rolegate.cache.RefreshAheadCaches;
import dev.rolegate.time.Deadline;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import dev.rolegate.worker.WorkerTokenService.StoredToken;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Authenticates worker tokens. The token is hashed, looked up by hash and the hash compared again in
 * constant time. Lookups are trusted for {@code tokens.cache-ttl} and reloaded ahead of it, so the hot
 * path does not read the database; last_used_at is written at most once per {@code tokens.last-used-interval}
 * per token, in the background when the token was verified from memory.
 */
@Startup // builds its cache now, so a non-positive ttl stops start-up
@ApplicationScoped
public class WorkerTokenVerifier {

    private static final Logger LOG = Logger.getLogger(WorkerTokenVerifier.class);

    private final WorkerTokenService tokens;
    private final WorkerAuthConfig.Tokens config;
    private final Clock clock;
    private final DetachedExecutor background;
    private final RefreshAheadCache<String, Known> known;

    public WorkerTokenVerifier(WorkerTokenService tokens, WorkerAuthConfig config, Clock clock, DetachedExecutor background, RefreshAheadCaches caches) {
        this.tokens = tokens;
        this.config = config.tokens();
        this.clock = clock;
        this.background = background;
        this.known = caches.create("worker token", this.config.cacheTtl(), this.config.cacheMaxSize(), this::load);
    }

    /**
     * The identity of a well-formed, known, unrevoked and unexpired worker token. May read the database, waiting for
     * another request's lookup of the same token until {@code deadline}; a use due to be recorded is written in the background.
     */
    public WorkerIdentity verify(String token, Deadline deadline) {
        byte[] hash = wellFormedHash(token);
        Known entry = lookUp(hash, deadline);
        Instant now = clock.instant();
        WorkerIdentity identity = check(entry, hash, now);
        if (claimUseIfDue(entry, now)) {
            recordUseInBackground(entry, now);
        }
        return identity;
    }

    /**
     * {@link #verify} from memory alone, or null when that needs the database (the token is not cached).
     * A use due to be recorded is written in the background, not awaited. Never blocks.
     */
    public WorkerIdentity verifiedFromMemory(String token) {
        byte[] hash = wellFormedHash(token);
        Known entry = known.getIfFresh(HexFormat.of().formatHex(hash));
        if (entry == null) {
            return null;
        }
        Instant now = clock.instant();
        WorkerIdentity identity = check(entry, hash, now);
        if (claimUseIfDue(entry, now)) {
            recordUseInBackground(entry, now);
        }
        return identity;
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

    /** Forgets a revoked token once the revocation has committed, here or (through notify/RemoteChanges) on another replica. */
    public void onRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) WorkerTokenRevoked revoked) {
        known.invalidateIf(entry -> entry.stored().id().equals(revoked.tokenId()));
    }

    private Known lookUp(byte[] hash, Deadline deadline) {
        Known entry = known.get(HexFormat.of().formatHex(hash), deadline);
        if (entry == null) {
            throw unknown();
        }
        return entry;
    }

    /** The token stored under the hex hash, or null: unknown tokens are not cached, so a new token works at once. */
    private Known load(String hexHash) {
        return tokens.findByHash(HexFormat.of().parseHex(hexHash)).map(Known::new).orElse(null);
    }

    /** True for exactly one caller once the token's last recorded use is an interval old. */
    private boolean claimUseIfDue(Known entry, Instant now) {
        Instant last = entry.lastUse().get();
        boolean due = last == null || !now.isBefore(last.plus(config.lastUsedInterval()));
        return due && entry.lastUse().compareAndSet(last, now);
    }

    private void recordUseInBackground(Known entry, Instant now) {
        try {
            background.execute(() -> recordUse(entry, now));
        } catch (RejectedExecutionException saturated) {
            LOG.debugf("Skipped recording the use of worker token %s: the background queue is full", entry.stored().id());
        }
    }

    private void recordUse(Known entry, Instant now) {
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

    /** A looked-up token and the last use this replica recorded (or read). */
    private record Known(StoredToken stored, AtomicReference<Instant> lastUse) {

        Known(StoredToken stored) {
            this(stored, new AtomicReference<>(stored.lastUsedAt()));
        }
    }
}
