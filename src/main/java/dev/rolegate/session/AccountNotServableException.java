package dev.rolegate.session;

import dev.rolegate.account.AccountStatus;

/** The account cannot be served: it is not CONNECTED (pending, access denied, in error or disconnected). */
public class AccountNotServableException extends RuntimeException {

    private final AccountStatus status;

    public AccountNotServableException(AccountStatus status, String message) {
        super(message);
        this.status = status;
    }

    public AccountStatus status() {
        return status;
    }
}
