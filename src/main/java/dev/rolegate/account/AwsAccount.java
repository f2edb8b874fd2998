package dev.rolegate.account;

import dev.rolegate.aws.RoleArn;
import dev.rolegate.crypto.SealedSecret;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A customer's AWS account, reached through a cross-account role guarded by an External ID. */
@Entity
@Table(name = "aws_account")
public class AwsAccount {

    @Id
    private UUID id;

    @Column(name = "project_id", nullable = false)
    private String projectId;

    @Column(nullable = false)
    private String name;

    @Column(name = "aws_account_id")
    private String awsAccountId;

    @Column(name = "role_arn")
    private String roleArn;

    @Embedded
    @AttributeOverride(name = "keyId", column = @Column(name = "external_id_key_id", nullable = false))
    @AttributeOverride(name = "ciphertext", column = @Column(name = "external_id_ciphertext", nullable = false))
    private SealedSecret externalId;

    @Enumerated(EnumType.STRING)
    @Column(name = "external_id_origin", nullable = false)
    private ExternalIdOrigin externalIdOrigin;

    @Column(nullable = false)
    private String region;

    @Column(name = "session_duration_seconds", nullable = false)
    private int sessionDurationSeconds;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private AccountStatus status;

    @Column(name = "session_duration_fallback_seconds")
    private Integer sessionDurationFallbackSeconds;

    @Column(name = "last_verified_at")
    private Instant lastVerifiedAt;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected AwsAccount() {
    }

    AwsAccount(UUID id, String projectId, String name, String region, int sessionDurationSeconds, ExternalIdOrigin origin, Instant now) {
        this.id = id;
        this.projectId = projectId;
        this.name = name;
        this.region = region;
        this.sessionDurationSeconds = sessionDurationSeconds;
        this.externalIdOrigin = origin;
        this.status = AccountStatus.PENDING_SETUP;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Associated data binding the sealed External ID to this row. */
    public static String externalIdContext(UUID accountId) {
        return "aws_account.external_id:" + accountId;
    }

    void sealExternalId(SealedSecret sealed) {
        this.externalId = sealed;
    }

    void attachRole(RoleArn arn, Instant now) {
        this.roleArn = arn.toString();
        this.awsAccountId = arn.accountId();
        touch(now);
    }

    void recordVerification(AccountStatus newStatus, String error, Instant now) {
        this.status = newStatus;
        this.lastError = error;
        this.lastVerifiedAt = now;
        if (newStatus == AccountStatus.CONNECTED) {
            this.sessionDurationFallbackSeconds = null;
        }
        touch(now);
    }

    /** Back to PENDING_SETUP: the role changed and has not been verified yet. */
    void awaitVerification(Instant now) {
        this.status = AccountStatus.PENDING_SETUP;
        this.lastError = null;
        touch(now);
    }

    void revoke(String reason, Instant now) {
        this.status = AccountStatus.ACCESS_DENIED;
        this.lastError = reason;
        touch(now);
    }

    void fallBackToSessionDuration(int seconds, Instant now) {
        this.sessionDurationFallbackSeconds = seconds;
        touch(now);
    }

    void rename(String newName, Instant now) {
        this.name = newName;
        touch(now);
    }

    void moveToRegion(String newRegion, Instant now) {
        this.region = newRegion;
        touch(now);
    }

    void changeSessionDuration(int seconds, Instant now) {
        this.sessionDurationSeconds = seconds;
        this.sessionDurationFallbackSeconds = null;
        touch(now);
    }

    void disconnect(Instant now) {
        this.status = AccountStatus.DISCONNECTED;
        touch(now);
    }

    private void touch(Instant now) {
        this.updatedAt = now;
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

    public String awsAccountId() {
        return awsAccountId;
    }

    public String roleArn() {
        return roleArn;
    }

    public SealedSecret externalId() {
        return externalId;
    }

    public ExternalIdOrigin externalIdOrigin() {
        return externalIdOrigin;
    }

    public String region() {
        return region;
    }

    public int sessionDurationSeconds() {
        return sessionDurationSeconds;
    }

    /** The duration sessions really get: the configured one, unless STS forced a fallback. */
    public int effectiveSessionDurationSeconds() {
        return sessionDurationFallbackSeconds == null ? sessionDurationSeconds : Math.min(sessionDurationSeconds, sessionDurationFallbackSeconds);
    }

    public Integer sessionDurationFallbackSeconds() {
        return sessionDurationFallbackSeconds;
    }

    public AccountStatus status() {
        return status;
    }

    public Instant lastVerifiedAt() {
        return lastVerifiedAt;
    }

    public String lastError() {
        return lastError;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }

    @Override
    public String toString() {
        return "AwsAccount[id=" + id + ", project=" + projectId + ", name=" + name + ", roleArn=" + roleArn + ", status=" + status + "]";
    }
}
