package dev.rolegate.kubernetes;

/**
 * A call to a cluster failed. Checked, so every caller decides what the failure means. The detail says what failed
 * and why, in words safe to log: it never holds a token, only URLs, statuses and the API server's own message.
 */
public class ClusterCallException extends Exception {

    private final CallFailure failure;

    public ClusterCallException(CallFailure failure, String detail) {
        super(detail, null, false, false);
        this.failure = failure;
    }

    public CallFailure failure() {
        return failure;
    }
}
