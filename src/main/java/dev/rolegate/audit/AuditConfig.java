package dev.rolegate.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How {@link AuditLog} batches and bounds audit writes. Checked at start-up. */
@ConfigMapping(prefix = "rolegate.audit")
public interface AuditConfig {

    /** Most entries the writer inserts and commits in one statement. Default 500. */
    @WithDefault("500")
    int maxBatch();

    /**
     * Writer threads, each with its own connection. More writers commit batches in parallel, but each
     * batch is smaller; on the benchmark machine one writer was faster (docs/benchmarks.md). Default 1.
     */
    @WithDefault("1")
    int writers();

    /** Entries waiting for the writer; when full, {@code record} refuses at once instead of queueing. Default 10000. */
    @WithDefault("10000")
    int queueCapacity();

    /** Longest a caller of {@code record} or {@code submit} waits for its entry to be committed before it is refused. Default 5 s. */
    @WithDefault("5s")
    Duration commitTimeout();

    /**
     * Longest an audit insert waits for a lock. An insert conflicts with no lock in normal operation; only a table lock
     * (DDL, maintenance) makes it wait, and then every caller queued behind the batch waits too, so a short limit turns
     * that into a prompt refusal. Whole milliseconds. Default 100 ms.
     */
    @WithDefault("100ms")
    Duration lockTimeout();

    /** Retry-After sent with the 503 answered when the audit cannot be written. Default 5 s. */
    @WithDefault("5s")
    Duration retryAfter();

    /** The daily partitions of audit_event (UTC days) that {@link AuditPartitionMaintenance} keeps ready. */
    Partitions partitions();

    /** How long audit rows are kept: whole partitions are dropped, rows are never deleted one by one. */
    Retention retention();

    /** See {@link AuditConfig#partitions()}. */
    interface Partitions {

        /**
         * Days after today for which partitions exist; an insert for a day without one fails (no default partition), so
         * this is how long maintenance may fail before issuance does. 1 to 90. Default 7. The alert
         * RolegateAuditPartitionsRunningOut fires below 3 days ahead, so it assumes at least 4.
         */
        @WithDefault("7")
        int daysAhead();

        /** How often each replica ensures partitions ahead and applies retention. Default 1 h. */
        @WithDefault("1h")
        Duration checkInterval();
    }

    /** See {@link AuditConfig#retention()}. */
    interface Retention {

        /** Whether partitions past the period are dropped; false keeps the audit for ever. Default true. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long rows are kept. A partition is dropped once its whole day is older than this, so rows live up to a day
         * longer. At least 31 days: the database refuses to drop anything younger than 30 days, whoever asks, and the
         * extra day absorbs clock differences. Default 400 days.
         */
        @WithDefault("400d")
        Duration period();
    }
}
