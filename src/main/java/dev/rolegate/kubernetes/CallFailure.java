package dev.rolegate.kubernetes;

/** Why a call to a cluster (key set, discovery, TokenReview) failed; the tag is the metric's {@code reason}. */
public enum CallFailure {
    /** No answer: connection refused or reset, DNS, connect timeout. */
    UNREACHABLE("unreachable"),
    /** The whole exchange, answer included, took longer than the call timeout (e.g. a body that stalls); it is abandoned. */
    TIMEOUT("timeout"),
    /** The TLS handshake failed, e.g. the server's certificate is not signed by the configured CA. */
    TLS("tls"),
    /** 401: rolegate's bearer token is missing, expired or not accepted. */
    UNAUTHORIZED("unauthorized"),
    /** 403: rolegate's service account may not do this (e.g. create tokenreviews without system:auth-delegator). */
    FORBIDDEN("forbidden"),
    /** 5xx from the server. */
    SERVER_ERROR("server_error"),
    /** Any other status than 2xx. */
    UNEXPECTED_STATUS("unexpected_status"),
    /** An answer that is not what the API promises (not JSON, no keys, no status). */
    UNREADABLE("unreadable"),
    /** A local file (bearer token, CA bundle, mounted key set) cannot be read. */
    LOCAL_FILE("local_file");

    private final String tag;

    CallFailure(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
