package dev.rolegate.account;

/**
 * A verification of a CONNECTED account that STS could not answer (throttled, unreachable). The account stays
 * CONNECTED and in service; the caller is told to try again later (503 with Retry-After).
 */
public class VerificationInconclusiveException extends RuntimeException {

    public VerificationInconclusiveException(String reason) {
        super("The verification could not complete; the account stays CONNECTED and keeps being served. " + reason, null, false, false);
    }
}
