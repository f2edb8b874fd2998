package dev.rolegate.grant;

import dev.rolegate.worker.IdentityKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Lets one identity (service account or worker token) receive credentials for a project's accounts; all of them when accountIds is null. */
@Entity
@Table(name = "worker_grant")
public class Grant {

    @Id
    private UUID id;

    @Column(name = "project_id", nullable = false)
    private String projectId;

    @Enumerated(EnumType.STRING)
    @Column(name = "identity_kind", nullable = false)
    private IdentityKind identityKind;

    @Column(nullable = false)
    private String identity;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "account_ids")
    private UUID[] accountIds;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Grant() {
    }

    Grant(UUID id, String projectId, IdentityKind identityKind, String identity, Collection<UUID> accountIds, Instant createdAt) {
        this.id = id;
        this.projectId = projectId;
        this.identityKind = identityKind;
        this.identity = identity;
        this.accountIds = accountIds == null ? null : accountIds.toArray(UUID[]::new);
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public String projectId() {
        return projectId;
    }

    public IdentityKind identityKind() {
        return identityKind;
    }

    public String identity() {
        return identity;
    }

    public boolean coversAllAccounts() {
        return accountIds == null;
    }

    /** The granted accounts, or null for every account of the project. */
    public List<UUID> accountIds() {
        return accountIds == null ? null : List.copyOf(Arrays.asList(accountIds));
    }

    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "Grant[id=" + id + ", project=" + projectId + ", " + identityKind + " " + identity + ", accounts="
                + (accountIds == null ? "all" : Arrays.toString(accountIds)) + "]";
    }
}
