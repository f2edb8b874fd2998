package dev.rolegate.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How {@link AuditExporter} streams the audit. Checked at start-up. */
@ConfigMapping(prefix = "rolegate.audit.export")
public interface AuditExportConfig {

    /**
     * How far behind now an export stops. An entry is committed a little after its time: when its group commit
     * finishes, up to {@code rolegate.audit.commit-timeout}, or, for a batch already being written when its callers
     * were refused, up to the statement timeout after that. An export that stopped at now could therefore miss an
     * entry committed later with an earlier time, and a client resuming from its last cursor would skip it for
     * good. Portal changes are audited write-ahead, in the change's own transaction, so their entry commits with
     * the change: up to the transaction timeout after its time ({@code quarkus.transaction-manager.default-transaction-timeout},
     * 60 s). Must exceed the commit timeout; add the clock skew between replicas. Default 90 s: the 60 s transaction
     * timeout, plus the 5 s commit timeout and the 10 s statement timeout, plus margin. SIEM ingestion runs minutes
     * behind anyway.
     */
    @WithDefault("90s")
    Duration settleLag();

    /** Entries read per query; the most an export holds in memory at once. 1-10000. Default 1000. */
    @WithDefault("1000")
    int chunkSize();
}
