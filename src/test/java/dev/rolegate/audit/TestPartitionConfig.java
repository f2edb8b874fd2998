package dev.rolegate.audit;

import java.time.Duration;

/** Partition and retention settings for audit partition maintenance built by hand in tests. */
final class TestPartitionConfig {

    private TestPartitionConfig() {
    }

    /** The writer settings of {@link TestAuditConfig#of}, with these partition and retention settings. */
    static AuditConfig audit(AuditConfig.Partitions partitions, AuditConfig.Retention retention) {
        TestAuditConfig writer = TestAuditConfig.of(500, 10_000, Duration.ofSeconds(5));
        return new AuditConfig() {
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

            @Override
            public Partitions partitions() {
                return partitions;
            }

            @Override
            public Retention retention() {
                return retention;
            }
        };
    }

    static AuditConfig.Partitions partitions(int daysAhead) {
        return new AuditConfig.Partitions() {
            @Override
            public int daysAhead() {
                return daysAhead;
            }

            @Override
            public Duration checkInterval() {
                return Duration.ofHours(1);
            }
        };
    }

    static AuditConfig.Retention retention(boolean enabled, Duration period) {
        return new AuditConfig.Retention() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Duration period() {
                return period;
            }
        };
    }
}
