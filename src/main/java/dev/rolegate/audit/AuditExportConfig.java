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
     * good. Must exceed the commit timeout; add the clock skew between replicas, and, where portal changes are
     * audited write-ahead in the change's own transaction, the longest time such a transaction runs after its audit
     * insert. Default 15 s (5 s commit timeout plus the 10 s statement timeout).
     */
    @WithDefault("15s")
    Duration settleLag();

    /** Entries read per query; the most an export holds in memory at once. 1-10000. Default 1000. */
    @WithDefault("1000")
    int chunkSize();
}
