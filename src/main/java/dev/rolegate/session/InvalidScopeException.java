package dev.rolegate.session;

/** A requested session scope breaks an STS limit; the caller's error, never sent to STS. */
public class InvalidScopeException extends RuntimeException {

    private final String field;

    public InvalidScopeException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
