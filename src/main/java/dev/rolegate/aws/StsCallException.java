package dev.rolegate.aws;

/** An STS call failed. The message names the operation and STS's error code, never a credential. */
public class StsCallException extends RuntimeException {

    private final StsFailure failure;
    private final String errorCode;

    public StsCallException(StsFailure failure, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.errorCode = errorCode;
    }

    public StsFailure failure() {
        return failure;
    }

    /** STS's error code, such as {@code AccessDenied}, or a client-side label such as {@code Timeout}. */
    public String errorCode() {
        return errorCode;
    }
}
