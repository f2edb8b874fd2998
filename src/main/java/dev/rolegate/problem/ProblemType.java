package dev.rolegate.problem;

/**
 * The problem types rolegate answers with; each slug is documented at its type URI. Each also has the code the
 * container-credentials format sends for it: the title as one CamelCase word, or the broker's own name where the
 * AWS SDKs' users know the condition by it (an invalid token, a denied account, an account not CONNECTED).
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", "Invalid request", 400),
    MALFORMED_BODY("malformed-body", "Malformed request body", 400),
    UNAUTHENTICATED("unauthenticated", "Authentication required", 401, "InvalidToken"),
    FORBIDDEN("forbidden", "Forbidden", 403, "AccessDenied"),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    CONFLICT("conflict", "Conflict", 409, "AccountUnavailable"),
    PRECONDITION_FAILED("precondition-failed", "Precondition failed", 412),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    URI_TOO_LONG("uri-too-long", "URI too long", 414),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    HEADERS_TOO_LARGE("headers-too-large", "Request header fields too large", 431),
    INTERNAL("internal-error", "Internal error", 500),
    UNAVAILABLE("unavailable", "Service unavailable", 503);

    private final String slug;
    private final String title;
    private final int status;
    private final String code;

    ProblemType(String slug, String title, int status) {
        this(slug, title, status, camelCase(title));
    }

    ProblemType(String slug, String title, int status, String code) {
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
        return code;
    }

    /** The code of the problem type with this title; a title no type has is made CamelCase. */
    static String codeOf(String title) {
        for (ProblemType type : values()) {
            if (type.title.equals(title)) {
                return type.code;
            }
        }
        return camelCase(title);
    }

    private static String camelCase(String title) {
        StringBuilder code = new StringBuilder();
        for (String word : title.split(" ")) {
            code.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return code.toString();
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
