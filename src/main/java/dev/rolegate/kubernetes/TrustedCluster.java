package dev.rolegate.kubernetes;

import java.time.Instant;

/** One trusted cluster, which checks the tokens that name its issuer. */
interface TrustedCluster {

    /**
     * This cluster's verdict on a token that claims its issuer.
     *
     * @throws KubernetesUnavailableException when the cluster's keys or TokenReview cannot be reached
     */
    Verdict verify(String token, UnverifiedClaims claims, Instant now);

    /** Fetches what the cluster publishes again (its key set), if it has anything to fetch. */
    default void refresh() {
    }
}
