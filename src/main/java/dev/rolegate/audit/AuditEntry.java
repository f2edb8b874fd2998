package dev.rolegate.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One audited event, as handed to {@link AuditLog#record} or {@link AuditLog#submit}. It never holds
 * secret material: issued credentials are identified by their access key id only. Identity fields
 * that do not fit their column are rejected, since a clipped identity would make the audit lie;
 * caller-supplied text (client address, request id, detail) is clipped instead. Times are kept to the microsecond, as
 * PostgreSQL stores them.
 *
 * @param occurredAt    when it happened (required)
 * @param actor         who did it: a service account, a worker token id or the portal (required, at most 512 chars)
 * @param action        what was done (required)
 * @param projectId     the project concerned, if any (at most 40 chars)
 * @param accountId     rolegate's id of the AWS account concerned, if any
 * @param scopeHash     the session scope of issued credentials, if any (at most 64 chars)
 * @param accessKeyId   the access key id of issued credentials, never the secret or token (at most 128 chars)
 * @param expiration    when issued credentials expire
 * @param clientAddress the caller's address (clipped to 256 chars)
 * @param requestId     the request's correlation id (clipped to 256 chars)
 * @param detail        free text, e.g. what changed (clipped to 1000 chars)
 */
public record AuditEntry(Instant occurredAt, String actor, AuditAction action, String projectId, UUID accountId, String scopeHash,
        String accessKeyId, Instant expiration, String clientAddress, String requestId, String detail) {

    static final int MAX_ACTOR = 512;
    static final int MAX_PROJECT_ID = 40;
    static final int MAX_SCOPE_HASH = 64;
    static final int MAX_ACCESS_KEY_ID = 128;
    static final int MAX_CLIENT_ADDRESS = 256;
    static final int MAX_REQUEST_ID = 256;
    static final int MAX_DETAIL = 1000;

    public AuditEntry {
        occurredAt = Objects.requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(action, "action");
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("actor is required");
        }
        actor = exact("actor", actor, MAX_ACTOR);
        projectId = exact("projectId", projectId, MAX_PROJECT_ID);
        scopeHash = exact("scopeHash", scopeHash, MAX_SCOPE_HASH);
        accessKeyId = exact("accessKeyId", accessKeyId, MAX_ACCESS_KEY_ID);
        expiration = expiration == null ? null : expiration.truncatedTo(ChronoUnit.MICROS);
        clientAddress = clipped(clientAddress, MAX_CLIENT_ADDRESS);
        requestId = clipped(requestId, MAX_REQUEST_ID);
        detail = clipped(detail, MAX_DETAIL);
    }

    /** Starts an entry with its required fields. */
    public static Builder builder(Instant occurredAt, String actor, AuditAction action) {
        return new Builder(occurredAt, actor, action);
    }

    /** An identity field: stored exactly or not at all. PostgreSQL text cannot hold NUL. */
    private static String exact(String field, String value, int max) {
        if (value != null && (value.length() > max || value.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters without NUL");
        }
        return value;
    }

    /** Caller-supplied text: NULs dropped, clipped without splitting a surrogate pair. */
    private static String clipped(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = value.replace("\0", "");
        if (clean.length() <= max) {
            return clean;
        }
        int end = Character.isHighSurrogate(clean.charAt(max - 1)) ? max - 1 : max;
        return clean.substring(0, end);
    }

    /** Fills the optional fields of an {@link AuditEntry} by name. */
    public static final class Builder {

        private final Instant occurredAt;
        private final String actor;
        private final AuditAction action;
        private String projectId;
        private UUID accountId;
        private String scopeHash;
        private String accessKeyId;
        private Instant expiration;
        private String clientAddress;
        private String requestId;
        private String detail;

        private Builder(Instant occurredAt, String actor, AuditAction action) {
            this.occurredAt = occurredAt;
            this.actor = actor;
            this.action = action;
        }

        public Builder project(String projectId) {
            this.projectId = projectId;
            return this;
        }

        public Builder account(UUID accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder scopeHash(String scopeHash) {
            this.scopeHash = scopeHash;
            return this;
        }

        /** The issued credentials' access key id and expiry; never pass the secret or the token. */
        public Builder credentials(String accessKeyId, Instant expiration) {
            this.accessKeyId = accessKeyId;
            this.expiration = expiration;
            return this;
        }

        /** Where the request came from and its correlation id. */
        public Builder request(String clientAddress, String requestId) {
            this.clientAddress = clientAddress;
            this.requestId = requestId;
            return this;
        }

        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        public AuditEntry build() {
            return new AuditEntry(occurredAt, actor, action, projectId, accountId, scopeHash, accessKeyId, expiration, clientAddress, requestId, detail);
        }
    }
}
