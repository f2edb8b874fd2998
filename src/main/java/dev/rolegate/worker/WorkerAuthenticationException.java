package dev.rolegate.worker;

/**
 * A worker could not be authenticated. The message is safe to show the caller: it never contains the
 * token, nor claims or library messages derived from it.
 */
public class WorkerAuthenticationException extends RuntimeException {

    /** Why the credential was refused. */
    public enum Reason {
        MISSING, MALFORMED, UNKNOWN_TOKEN, REVOKED, EXPIRED, BAD_SIGNATURE, WRONG_ISSUER, WRONG_AUDIENCE,
        NOT_A_SERVICE_ACCOUNT, KUBERNETES_DISABLED, INVALID,
        /** The cluster's TokenReview says the token is not authenticated (e.g. its pod was deleted). */
        REVIEW_REFUSED
    }

    private final Reason reason;

    public WorkerAuthenticationException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
