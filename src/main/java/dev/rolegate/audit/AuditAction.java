package dev.rolegate.audit;

/** What an audit entry records. Stored by name, so constants may be added but never renamed. */
public enum AuditAction {
    /** Short-lived credentials were handed to a worker. */
    CREDENTIALS_ISSUED,
    ACCOUNT_CREATED,
    ACCOUNT_UPDATED,
    ACCOUNT_CONNECTED,
    ACCOUNT_VERIFIED,
    ACCOUNT_DISCONNECTED,
    GRANT_CREATED,
    GRANT_DELETED,
    WORKER_TOKEN_CREATED,
    WORKER_TOKEN_REVOKED
}
