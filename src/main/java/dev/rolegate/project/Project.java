package dev.rolegate.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A portal project (tenant). Accounts belong to exactly one. */
@Entity
@Table(name = "project")
public class Project {

    @Id
    private String id;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Project() {
    }

    public Project(String id, String displayName, Instant now) {
        this.id = id;
        this.displayName = displayName;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public void rename(String newDisplayName, Instant now) {
        if (!newDisplayName.equals(displayName)) {
            this.displayName = newDisplayName;
            this.updatedAt = now;
        }
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public String toString() {
        return "Project[" + id + "]";
    }
}
