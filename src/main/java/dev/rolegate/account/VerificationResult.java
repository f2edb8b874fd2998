package dev.rolegate.account;

/**
 * What verification concluded: the new status and, unless connected, a message for the customer. A transient
 * result (STS throttled or unreachable, rolegate's own credentials refused) says nothing about the customer's role.
 */
public record VerificationResult(AccountStatus status, String error, boolean isTransient) {

    static VerificationResult connected() {
        return new VerificationResult(AccountStatus.CONNECTED, null, false);
    }

    static VerificationResult accessDenied(String error) {
        return new VerificationResult(AccountStatus.ACCESS_DENIED, error, false);
    }

    static VerificationResult error(String error) {
        return new VerificationResult(AccountStatus.ERROR, error, false);
    }

    /** Could not tell; an account without a verdict is left in ERROR with this message, one with a verdict keeps it. */
    static VerificationResult inconclusive(String error) {
        return new VerificationResult(AccountStatus.ERROR, error, true);
    }
}
