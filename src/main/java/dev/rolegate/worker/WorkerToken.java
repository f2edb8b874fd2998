package dev.rolegate.worker;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A broker-issued worker token. Only the SHA-256 of the token is kept; the token is shown once, at creation. */
@Entity
@Table(name = "worker_token")
public class WorkerToken {

    @Id
    private UUID id;

    @Column(name = "project_id", nullable = false)
    private String projectId;

    @Column(nullable = false)
    private String name;

    @Column(name = "token_hash", nullable = false)
    private byte[] tokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    protected WorkerToken() {
    }

    WorkerToken(UUID id, String projectId, String name, byte[] tokenHash, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.projectId = projectId;
        this.name = name;
        this.tokenHash = tokenHash.clone();
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /** Revokes the token; revoking again keeps the first revocation time. */
    void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public UUID id() {
        return id;
    }

    public String projectId() {
        return projectId;
    }

    public String name() {
        return name;
    }

    byte[] tokenHash() {
        return tokenHash.clone();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    @Override
    public String toString() {
        return "WorkerToken[id=" + id + ", project=" + projectId + ", name=" + name + ", revoked=" + isRevoked() + "]";
    }
}
