package dev.rolegate.audit;

import java.time.Duration;

/**
 * An {@link AuditConfig} for audit logs built by hand in tests. Its lock timeout is long, so a test's table lock stalls
 * the writer until the commit timeout decides.
 */
record TestAuditConfig(int maxBatch, int writers, int queueCapacity, Duration commitTimeout, Duration lockTimeout, Duration retryAfter)
        implements AuditConfig {

    static TestAuditConfig of(int maxBatch, int queueCapacity, Duration commitTimeout) {
        return new TestAuditConfig(maxBatch, 1, queueCapacity, commitTimeout, Duration.ofMinutes(1), Duration.ofSeconds(5));
    }

    /** Partition maintenance is not what these tests build; its settings keep their documented defaults. */
    @Override
    public Partitions partitions() {
        return TestPartitionConfig.partitions(7);
    }

    @Override
    public Retention retention() {
        return TestPartitionConfig.retention(true, Duration.ofDays(400));
    }
}
