package dev.rolegate.account;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Connect, register and verify: each writes in one transaction, calls STS with no transaction
 * open (so a slow STS never holds a database connection), then records the outcome in another.
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
        return verify(accounts.connect(projectId, accountId, request));
    }

    public AccountView register(String projectId, AccountRequests.Register request) {
        return verify(accounts.register(projectId, request));
    }

    public AccountView verify(String projectId, UUID accountId) {
        return verify(accounts.verificationTarget(projectId, accountId));
    }

    /** Throws {@link VerificationInconclusiveException}, after the failed check is recorded, if STS could not answer for an account with a verdict. */
    private AccountView verify(VerificationTarget target) {
        VerificationResult result = verifier.verify(target);
        AccountView recorded = accounts.recordVerification(target, result);
        if (result.isTransient() && recorded.status().isVerdict()) {
            throw new VerificationInconclusiveException(recorded.status(), result.error());
        }
        return recorded;
    }
}
