package dev.rolegate.problem;

import dev.rolegate.protocol.ContainerErrorCode;

/**
 * The problem types rolegate answers with; each slug is documented at its type URI. Each also has the code the
 * container-credentials format sends for it (see {@link ContainerErrorCode}).
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", "Invalid request", 400, ContainerErrorCode.INVALID_REQUEST),
    MALFORMED_BODY("malformed-body", "Malformed request body", 400, ContainerErrorCode.INVALID_REQUEST),
    UNAUTHENTICATED("unauthenticated", "Authentication required", 401, ContainerErrorCode.INVALID_TOKEN),
    FORBIDDEN("forbidden", "Forbidden", 403, ContainerErrorCode.ACCESS_DENIED),
    NOT_FOUND("not-found", "Not found", 404, ContainerErrorCode.NOT_FOUND),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405, ContainerErrorCode.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406, ContainerErrorCode.NOT_ACCEPTABLE),
    CONFLICT("conflict", "Conflict", 409, ContainerErrorCode.ACCOUNT_NOT_CONNECTED),
    PRECONDITION_FAILED("precondition-failed", "Precondition failed", 412, ContainerErrorCode.PRECONDITION_FAILED),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413, ContainerErrorCode.PAYLOAD_TOO_LARGE),
    URI_TOO_LONG("uri-too-long", "URI too long", 414, ContainerErrorCode.URI_TOO_LONG),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415, ContainerErrorCode.UNSUPPORTED_MEDIA_TYPE),
    HEADERS_TOO_LARGE("headers-too-large", "Request header fields too large", 431, ContainerErrorCode.HEADERS_TOO_LARGE),
    INTERNAL("internal-error", "Internal error", 500, ContainerErrorCode.INTERNAL_ERROR),
    UNAVAILABLE("unavailable", "Service unavailable", 503, ContainerErrorCode.SERVICE_UNAVAILABLE);

    private final String slug;
    private final String title;
    private final int status;
    private final ContainerErrorCode code;

    ProblemType(String slug, String title, int status, ContainerErrorCode code) {
        this.slug = slug;
        this.title = title;
        this.status = status;
        this.code = code;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The error code of the container-credentials format ("InvalidRequest", "AccessDenied"). */
    public String code() {
        return code.code();
    }

    /** The condition this type stands for in the container-credentials format. */
    public ContainerErrorCode containerCode() {
        return code;
    }

    /** The container code of the problem type with this title; a title no type has is an internal error. */
    static ContainerErrorCode codeOf(String title) {
        for (ProblemType type : values()) {
            if (type.title.equals(title)) {
                return type.code;
            }
        }
        return INTERNAL.code;
    }

    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : INVALID_REQUEST;
    }
}
