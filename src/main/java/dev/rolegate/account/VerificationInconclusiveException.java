package dev.rolegate.account;

/**
 * A verification STS could not answer (throttled, unreachable) of an account with a verdict (CONNECTED or
 * ACCESS_DENIED). The account keeps its status, and a CONNECTED one stays in service; the caller is told to try
 * again later (503 with Retry-After).
 */
public class VerificationInconclusiveException extends RuntimeException {

    public VerificationInconclusiveException(AccountStatus kept, String reason) {
        super("The verification could not complete; the account stays " + kept
                + (kept == AccountStatus.CONNECTED ? " and keeps being served. " : ". ") + reason, null, false, false);
    }
}
