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
}
