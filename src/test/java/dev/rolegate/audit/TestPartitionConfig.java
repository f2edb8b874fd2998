package dev.rolegate.audit;

import java.time.Duration;

/** Partition and retention settings for audit partition maintenance built by hand in tests. */
final class TestPartitionConfig {

    private TestPartitionConfig() {
    }

    record Ahead(int daysAhead, Duration checkInterval) implements AuditConfig.Partitions {
    }

    record Keep(boolean enabled, Duration period) implements AuditConfig.Retention {
    }

    /** The writer settings of a {@link TestAuditConfig}, with other partition and retention settings. */
    record Audit(TestAuditConfig writer, Partitions partitions, Retention retention) implements AuditConfig {

        @Override
        public int maxBatch() {
            return writer.maxBatch();
        }

        @Override
        public int writers() {
            return writer.writers();
        }

        @Override
        public int queueCapacity() {
            return writer.queueCapacity();
        }

        @Override
        public Duration commitTimeout() {
            return writer.commitTimeout();
        }

        @Override
        public Duration lockTimeout() {
            return writer.lockTimeout();
        }

        @Override
        public Duration retryAfter() {
            return writer.retryAfter();
        }
    }

    static AuditConfig audit(int daysAhead, boolean retain, Duration period) {
        return new Audit(TestAuditConfig.of(500, 10_000, Duration.ofSeconds(5)), partitions(daysAhead), retention(retain, period));
    }

    static AuditConfig.Partitions partitions(int daysAhead) {
        return new Ahead(daysAhead, Duration.ofHours(1));
    }

    static AuditConfig.Retention retention(boolean enabled, Duration period) {
        return new Keep(enabled, period);
    }
}
