package dev.rolegate.audit;

import java.time.Duration;

/** Partition and retention settings for audit partition maintenance built by hand in tests. */
final class TestPartitionConfig {

    private TestPartitionConfig() {
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
