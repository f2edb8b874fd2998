package dev.rolegate.protocol;

/**
 * The error codes of the container-credentials format, one per condition, whichever layer refuses the request:
 * rolegate's broker, its HTTP filters, or the node agent in front of it. The AWS SDKs show {@code Code} and
 * {@code Message} to their users, so these are the names a worker's logs carry; they never change once published.
 * This package depends on nothing but the JDK, because the node agent ships it too.
 */
public enum ContainerErrorCode {
    /** No credential, or a malformed, expired, revoked or unknown one. */
    INVALID_TOKEN("InvalidToken", 401),
    /**
     * The identity has no grant for the account, or the project has no such account: the two look alike so a worker
     * learns nothing about accounts it may not use.
     */
    ACCESS_DENIED("AccessDenied", 403),
    /** The account exists and is granted but is not CONNECTED (pending setup, access denied by its owner, error). */
    ACCOUNT_NOT_CONNECTED("AccountNotConnected", 409),
    /** A request rolegate cannot serve as asked, e.g. a minimum validity out of bounds or a refused session policy. */
    INVALID_REQUEST("InvalidRequest", 400),
    /** No such route. */
    NOT_FOUND("NotFound", 404),
    /** A method the route does not serve, e.g. HEAD, which would issue credentials nobody receives. */
    METHOD_NOT_ALLOWED("MethodNotAllowed", 405),
    /** The caller accepts no media type the route produces. */
    NOT_ACCEPTABLE("NotAcceptable", 406),
    /** A conditional request whose precondition does not hold (portal routes only; listed so every status has a code). */
    PRECONDITION_FAILED("PreconditionFailed", 412),
    /** A body the route does not accept in that media type. */
    UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType", 415),
    /** A body larger than the route accepts. */
    PAYLOAD_TOO_LARGE("PayloadTooLarge", 413),
    /** A request target longer than rolegate accepts. */
    URI_TOO_LONG("UriTooLong", 414),
    /** Request headers larger than rolegate accepts, e.g. an oversized token. */
    HEADERS_TOO_LARGE("HeadersTooLarge", 431),
    /** A transient failure (STS, the database, the audit log, rolegate unreachable from the agent); retry later. */
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503),
    /** A failure rolegate did not expect; reported with a reference to its log entry, never with details. */
    INTERNAL_ERROR("InternalError", 500);

    private final String code;
    private final int status;

    ContainerErrorCode(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The PascalCase code sent as {@code Code} and {@code code}. */
    public String code() {
        return code;
    }

    /** The HTTP status this condition is answered with. */
    public int status() {
        return status;
    }
}
