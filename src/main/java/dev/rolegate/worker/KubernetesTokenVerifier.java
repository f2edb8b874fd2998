package dev.rolegate.worker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rolegate.kubernetes.KubernetesUnavailableException;
import dev.rolegate.kubernetes.TrustedClusters;
import dev.rolegate.kubernetes.Verdict;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Kubernetes projected service-account tokens: the trusted cluster the token names decides (see {@link TrustedClusters}),
 * and its verdict is remembered by the token's SHA-256 (never the token) for as long as the cluster allows: a verified
 * token until its exp and at most {@code kubernetes.cache-max-age}; a TokenReview answer for
 * {@code kubernetes.token-review-cache-ttl}. With no cluster configured every such token is refused.
 */
@Startup // builds the clusters now, so a configuration error stops start-up
@ApplicationScoped
public class KubernetesTokenVerifier {

    private static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final TrustedClusters clusters;
    private final Clock clock;
    private final Cache<String, Verdict> verdicts;

    public KubernetesTokenVerifier(WorkerAuthConfig config, Clock clock, TrustedClusters clusters) {
        WorkerAuthConfig.Kubernetes kubernetes = config.kubernetes();
        this.clusters = clusters;
        this.clock = clock;
        Duration longest = kubernetes.cacheMaxAge().compareTo(kubernetes.tokenReviewCacheTtl()) >= 0
                ? kubernetes.cacheMaxAge() : kubernetes.tokenReviewCacheTtl();
        this.verdicts = Caffeine.newBuilder().maximumSize(kubernetes.cacheMaxSize()).expireAfterWrite(longest).build();
    }

    public boolean isEnabled() {
        return !clusters.isEmpty();
    }

    /**
     * The service account a valid token names. May fetch the cluster's keys or call its TokenReview, so call it from a
     * worker thread.
     *
     * @throws WorkerAuthenticationException  when the token is refused (401)
     * @throws KubernetesUnavailableException when the token's cluster cannot be reached to check it (503)
     */
    public WorkerIdentity verify(String token) {
        String key = cacheKey(token);
        Instant now = clock.instant();
        Verdict verdict = remembered(key, now);
        if (verdict == null) {
            verdict = clusters.verify(token, now);
            if (now.isBefore(verdict.until())) {
                verdicts.put(key, verdict);
            }
        }
        return verdict.identityOrThrow();
    }

    /** The service account of a token checked earlier and still trusted, or null. Never calls a cluster. */
    public WorkerIdentity verifiedFromMemory(String token) {
        Verdict verdict = remembered(cacheKey(token), clock.instant());
        return verdict == null ? null : verdict.identityOrThrow();
    }

    private String cacheKey(String token) {
        if (clusters.isEmpty()) {
            throw new WorkerAuthenticationException(Reason.KUBERNETES_DISABLED,
                    "Kubernetes service-account tokens are not accepted by this rolegate; use a worker token ('rgw_...')");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new WorkerAuthenticationException(Reason.MALFORMED, "The token is too long to be a service-account token");
        }
        return HexFormat.of().formatHex(WorkerTokenFormat.hash(token));
    }

    private Verdict remembered(String key, Instant now) {
        Verdict verdict = verdicts.getIfPresent(key);
        return verdict != null && now.isBefore(verdict.until()) ? verdict : null;
    }
}
