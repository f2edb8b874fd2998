package dev.rolegate.account;

/** What verification concluded: the new status and, unless connected, a message for the customer. */
public record VerificationResult(AccountStatus status, String error) {

    static VerificationResult connected() {
        return new VerificationResult(AccountStatus.CONNECTED, null);
    }

    static VerificationResult accessDenied(String error) {
        return new VerificationResult(AccountStatus.ACCESS_DENIED, error);
    }

    static VerificationResult error(String error) {
        return new VerificationResult(AccountStatus.ERROR, error);
    }
}
