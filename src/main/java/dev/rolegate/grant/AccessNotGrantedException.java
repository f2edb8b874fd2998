package dev.rolegate.grant;

/**
 * An authenticated worker has no grant for the account it asked for. The message is safe to show the
 * caller and says nothing about other projects or accounts.
 */
public class AccessNotGrantedException extends RuntimeException {

    public AccessNotGrantedException(String message) {
        super(message, null, false, false);
    }
}
