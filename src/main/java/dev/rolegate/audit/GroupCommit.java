package dev.rolegate.audit;

import dev.rolegate.db.DatabaseGuard;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The engine behind {@link AuditLog}: a bounded {@link AuditQueue}, writer threads that each commit what has queued
 * up as one batch ({@link BatchCommitter}), and a {@link DeadlineSweep} that refuses what is overdue. Every outcome
 * arrives on the entry's future; refusals are counted by {@link AuditLog}, not here.
 */
final class GroupCommit {

    private final DataSource dataSource;
    private final AuditConfig config;
    private final AuditQueue queue;
    private final BatchCommitter committer;
    private final DeadlineSweep sweep;
    private final List<Thread> writerThreads = new ArrayList<>();

    GroupCommit(DataSource dataSource, DatabaseGuard database, AuditConfig config, MeterRegistry meters) {
        validate(config);
        this.dataSource = dataSource;
        this.config = config;
        this.queue = new AuditQueue(config.queueCapacity(), meters);
        this.committer = new BatchCommitter(queue, database, config.maxBatch(), meters);
        this.sweep = new DeadlineSweep(queue);
    }

    void start() {
        for (int i = 1; i <= config.writers(); i++) {
            AuditBatchWriter writer = new AuditBatchWriter(dataSource, config.lockTimeout());
            Thread thread = new Thread(() -> committer.run(writer), "rolegate-audit-writer-" + i);
            thread.setDaemon(true);
            writerThreads.add(thread);
            thread.start();
        }
        sweep.start(config.commitTimeout());
    }

    /**
     * Queues {@code entry}; the future completes once it is committed, or fails with the write's exception or an
     * {@link AuditUnavailableException} (timeout, shutdown).
     *
     * @throws AuditUnavailableException (not yet counted) if the queue is full or closed
     */
    CompletableFuture<Void> enqueue(AuditEntry entry) {
        return queue.offer(entry, System.nanoTime() + config.commitTimeout().toNanos());
    }

    boolean isClosed() {
        return queue.isClosed();
    }

    /** Lets the writers commit what is queued, for up to the commit timeout; refuses whatever is left. */
    void close() {
        queue.close();
        long deadline = System.nanoTime() + config.commitTimeout().toNanos();
        try {
            for (Thread thread : writerThreads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.refuseLeft();
        sweep.stop();
    }

    private static void validate(AuditConfig config) {
        if (config.maxBatch() < 1 || config.queueCapacity() < 1) {
            throw new IllegalArgumentException("rolegate.audit.max-batch and rolegate.audit.queue-capacity must be at least 1");
        }
        if (config.writers() < 1) {
            throw new IllegalArgumentException("rolegate.audit.writers must be at least 1");
        }
        if (config.commitTimeout().isNegative() || config.commitTimeout().isZero()) {
            throw new IllegalArgumentException("rolegate.audit.commit-timeout must be positive");
        }
    }
}
