package dev.rolegate.session;

import dev.rolegate.crypto.SealedSecret;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A stored STS session, or a placeholder (no credentials) while a cold fetch holds its lease. */
@Entity
@Table(name = "aws_session")
public class AwsSession {

    @Id
    private UUID id;

    @Column(name = "account_id", nullable = false)
    private UUID accountId;

    @Column(name = "scope_hash", nullable = false)
    private String scopeHash;

    @Column(name = "scope_policy")
    private String scopePolicy;

    @Column(name = "scope_policy_arns")
    private String scopePolicyArns;

    @Column(name = "role_arn")
    private String roleArn;

    @Column(name = "access_key_id")
    private String accessKeyId;

    @Embedded
    @AttributeOverride(name = "keyId", column = @Column(name = "secret_key_id"))
    @AttributeOverride(name = "ciphertext", column = @Column(name = "secret_ciphertext"))
    private SealedSecret secretAccessKey;

    @Embedded
    @AttributeOverride(name = "keyId", column = @Column(name = "token_key_id"))
    @AttributeOverride(name = "ciphertext", column = @Column(name = "token_ciphertext"))
    private SealedSecret sessionToken;

    @Column(name = "issued_at")
    private Instant issuedAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "refresh_at")
    private Instant refreshAt;

    @Column(name = "stale_at")
    private Instant staleAt;

    @Column(name = "failure_count", nullable = false)
    private int failureCount;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "last_used_at", nullable = false)
    private Instant lastUsedAt;

    @Column(name = "lease_owner")
    private String leaseOwner;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected AwsSession() {
    }

    public SessionKey key() {
        return new SessionKey(accountId, scopeHash);
    }

    public SessionScope scope() {
        return SessionScope.fromStored(scopePolicy, scopePolicyArns);
    }

    public UUID id() {
        return id;
    }

    public UUID accountId() {
        return accountId;
    }

    public boolean hasCredentials() {
        return accessKeyId != null;
    }

    /** Whether these credentials were issued for {@code currentRoleArn}; sessions stored before roles were recorded count as matching. */
    public boolean isForRole(String currentRoleArn) {
        return roleArn == null || roleArn.equals(currentRoleArn);
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public SealedSecret secretAccessKey() {
        return secretAccessKey;
    }

    public SealedSecret sessionToken() {
        return sessionToken;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant refreshAt() {
        return refreshAt;
    }

    public Instant staleAt() {
        return staleAt;
    }

    public int failureCount() {
        return failureCount;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    public String leaseOwner() {
        return leaseOwner;
    }

    /** Stores credentials freshly issued for {@code roleArn} and schedules the next refresh; clears failures and the lease. */
    void renew(String roleArn, String accessKeyId, SealedSecret secret, SealedSecret token, Instant issuedAt, Instant expiresAt,
            SessionTiming.Schedule schedule) {
        this.roleArn = roleArn;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secret;
        this.sessionToken = token;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.refreshAt = schedule.refreshAt();
        this.staleAt = schedule.staleAt();
        this.failureCount = 0;
        this.nextAttemptAt = schedule.refreshAt();
        releaseLease();
    }

    /** Records a failed refresh; the current credentials stay in service until their stale point. */
    void failedRefresh(Instant retryAt) {
        this.failureCount++;
        this.nextAttemptAt = retryAt;
        releaseLease();
    }

    /** Leaves an idle session alone until it expires, when the scheduler deletes it. */
    void retireAt(Instant when) {
        this.nextAttemptAt = when;
        releaseLease();
    }

    private void releaseLease() {
        this.leaseOwner = null;
        this.leaseUntil = null;
    }

    @Override
    public String toString() {
        return "AwsSession[account=" + accountId + ", scope=" + scopeHash + ", accessKeyId=" + accessKeyId + ", expiresAt=" + expiresAt + "]";
    }
}
