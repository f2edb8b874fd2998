package dev.rolegate.account;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Connect, register and verify: each writes in one transaction, calls STS with no transaction
 * open (so a slow STS never holds a database connection), then records the outcome in another.
 * Each portal request is audited once, write-ahead, in the transaction that carries its change: connect and
 * register in the first (the role attached, the account created: a crash during the STS call cannot leave them
 * unaudited), verify in the second, with its outcome. The outcome of connect's and register's verification is in the
 * account's status history, written in the second transaction.
 */
@ApplicationScoped
public class AccountVerification {

    private final AccountService accounts;
    private final ConnectionVerifier verifier;

    public AccountVerification(AccountService accounts, ConnectionVerifier verifier) {
        this.accounts = accounts;
        this.verifier = verifier;
    }

    public AccountView connect(String projectId, UUID accountId, AccountRequests.Connect request) {
        return verify(accounts.connect(projectId, accountId, request), accounts::recordVerification);
    }

    public AccountView register(String projectId, AccountRequests.Register request) {
        return verify(accounts.register(projectId, request), accounts::recordVerification);
    }

    public AccountView verify(String projectId, UUID accountId) {
        return verify(accounts.verificationTarget(projectId, accountId), accounts::recordRequestedVerification);
    }

    /** Whether STS could not answer for an account that keeps its verdict (CONNECTED, ACCESS_DENIED). */
    static boolean isInconclusive(VerificationResult result, AccountView recorded) {
        return result.isTransient() && recorded.status().isVerdict();
    }

    /** Throws {@link VerificationInconclusiveException}, after the failed check is recorded, if STS could not answer for an account with a verdict. */
    private AccountView verify(VerificationTarget target, BiFunction<VerificationTarget, VerificationResult, AccountView> recording) {
        VerificationResult result = verifier.verify(target);
        AccountView recorded = recording.apply(target, result);
        if (isInconclusive(result, recorded)) {
            throw new VerificationInconclusiveException(recorded.status(), result.error());
        }
        return recorded;
    }
}
