package dev.rolegate.aws;

import java.util.OptionalInt;

/**
 * An STS call failed. The message names the operation, the HTTP status, STS's error code and the request
 * id; never a credential, a request parameter or text from STS's answer.
 */
public class StsCallException extends RuntimeException {

    private final StsFailure failure;
    private final String errorCode;
    private final int httpStatus;

    /** A failure with no HTTP answer (timeouts, connection faults). */
    public StsCallException(StsFailure failure, String errorCode, String message, Throwable cause) {
        this(failure, errorCode, 0, message, cause);
    }

    /** A failure STS (or something in front of it) answered with {@code httpStatus}. */
    public StsCallException(StsFailure failure, String errorCode, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    public StsFailure failure() {
        return failure;
    }

    /**
     * STS's error code, such as {@code AccessDenied}; {@code Http<status>} for an answer without a readable code;
     * or a client-side label: {@code Timeout}, {@code ClientError}, {@code NoCredentials}, {@code Aborted},
     * {@code UnreadableAnswer} (a 200 that is not XML), {@code IncompleteAnswer} (a 200 without the result).
     */
    public String errorCode() {
        return errorCode;
    }

    /** The HTTP status of STS's answer, or empty when none arrived. */
    public OptionalInt httpStatus() {
        return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
    }
}
