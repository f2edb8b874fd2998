package dev.rolegate.audit;

import java.time.Duration;

/** An {@link AuditConfig} for audit logs built by hand in tests. */
record TestAuditConfig(int maxBatch, int writers, int queueCapacity, Duration commitTimeout, Duration retryAfter) implements AuditConfig {

    static TestAuditConfig of(int maxBatch, int queueCapacity, Duration commitTimeout) {
        return new TestAuditConfig(maxBatch, 1, queueCapacity, commitTimeout, Duration.ofSeconds(5));
    }
}
