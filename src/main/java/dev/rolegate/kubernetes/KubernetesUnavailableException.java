package dev.rolegate.kubernetes;

/**
 * A service-account token could not be checked because its cluster's keys or TokenReview are unavailable: a transient
 * condition, answered 503 with Retry-After (the broker fails closed, but does not call a maybe-valid token bad). The
 * message is safe for the caller; the cause was logged where the call failed.
 */
public class KubernetesUnavailableException extends RuntimeException {

    public KubernetesUnavailableException(String cluster, String what) {
        this("The " + what + " of Kubernetes cluster '" + cluster + "' cannot be reached to check this service-account token; retry shortly");
    }

    private KubernetesUnavailableException(String message) {
        super(message, null, false, false);
    }

    /** Too many TokenReviews to the cluster are in flight already. */
    static KubernetesUnavailableException busy(String cluster) {
        return new KubernetesUnavailableException("Kubernetes cluster '" + cluster + "' has too many TokenReviews in flight to check this "
                + "service-account token now; retry shortly");
    }
}
