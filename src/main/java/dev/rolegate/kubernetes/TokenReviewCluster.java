package dev.rolegate.kubernetes;

import dev.rolegate.worker.ServiceAccountNames;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;

/**
 * A cluster whose API server checks each token (TokenReview), as Vault does: it also refuses the bound token of a
 * deleted pod, which a signature check accepts until exp. Verdicts, accepting or refusing, are remembered for the
 * TokenReview cache ttl, never beyond the token's exp.
 */
final class TokenReviewCluster implements TrustedCluster {

    private final String name;
    private final String audience;
    private final TokenReviews reviews;
    private final ClusterCalls calls;
    private final Duration cacheTtl;
    private final ClusterIdentities identities;

    /** Bounds the reviews in flight: each forged token naming this issuer would otherwise cost the API server one. */
    private final Semaphore inFlight;

    TokenReviewCluster(String name, String audience, TokenReviews reviews, ClusterCalls calls, Duration cacheTtl, ClusterIdentities identities,
            int maxConcurrent) {
        this.identities = identities;
        this.inFlight = new Semaphore(maxConcurrent);
        this.name = name;
        this.audience = audience;
        this.reviews = reviews;
        this.calls = calls;
        this.cacheTtl = cacheTtl;
    }

    @Override
    public Verdict verify(String token, UnverifiedClaims claims, Instant now) {
        if (!inFlight.tryAcquire()) {
            throw KubernetesUnavailableException.busy(name);
        }
        TokenReviews.Review review;
        try {
            review = reviews.review(token);
            calls.succeeded(name);
        } catch (ClusterCallException e) {
            calls.failed(name, "TokenReview", e);
            throw new KubernetesUnavailableException(name, "TokenReview API");
        } finally {
            inFlight.release();
        }
        return verdictOn(review, Verdict.earliest(now.plus(cacheTtl), claims.expiresAt()));
    }

    private Verdict verdictOn(TokenReviews.Review review, Instant until) {
        if (!review.authenticated()) {
            return new Verdict.Refused(Reason.REVIEW_REFUSED,
                    "The cluster's API server does not accept this service-account token (expired, revoked, or its pod was deleted)", until);
        }
        // A review that names no audience vouches only for the API server's own audience, not for rolegate's.
        if (!review.audiences().contains(audience)) {
            return new Verdict.Refused(Reason.WRONG_AUDIENCE, "The service-account token is not meant for audience '" + audience + "'", until);
        }
        if (!ServiceAccountNames.isServiceAccount(review.username())) {
            return new Verdict.Refused(Reason.NOT_A_SERVICE_ACCOUNT,
                    "The token's user is not a Kubernetes service account (system:serviceaccount:<namespace>:<name>)", until);
        }
        return new Verdict.Trusted(identities.of(review.username()), until);
    }
}
