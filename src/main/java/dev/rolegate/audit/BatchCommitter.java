package dev.rolegate.audit;

import dev.rolegate.db.DatabaseGuard;
import dev.rolegate.db.DatabaseUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The loop each audit writer thread runs: takes what is queued, up to a batch, commits it with its own
 * {@link AuditBatchWriter} behind the {@link DatabaseGuard}, and tells each caller the outcome. Returns once the queue is
 * closed and idle.
 */
final class BatchCommitter {

    private static final Logger LOG = Logger.getLogger(BatchCommitter.class);
    private static final long IDLE_POLL_MILLIS = 200;

    private final AuditQueue queue;
    private final DatabaseGuard database;
    private final int maxBatch;
    private final MeterRegistry meters;
    private final Counter committedBatches;
    private final Counter failedBatches;
    private final DistributionSummary batchSize;
    private final Timer writeTime;

    BatchCommitter(AuditQueue queue, DatabaseGuard database, int maxBatch, MeterRegistry meters) {
        this.queue = queue;
        this.database = database;
        this.maxBatch = maxBatch;
        this.meters = meters;
        this.committedBatches = batches(meters, "committed");
        this.failedBatches = batches(meters, "failed");
        this.batchSize = DistributionSummary.builder("rolegate.audit.batch.size").description("Entries per audit transaction")
                .publishPercentileHistogram().register(meters);
        this.writeTime = Timer.builder("rolegate.audit.write").description("Time to insert and commit one audit batch").register(meters);
    }

    /** Runs on a writer thread until the queue is closed and empty, or the thread is interrupted; then closes {@code writer}. */
    void run(AuditBatchWriter writer) {
        List<Pending> batch = new ArrayList<>(maxBatch);
        try {
            while (true) {
                if (!queue.take(batch, maxBatch, IDLE_POLL_MILLIS)) {
                    if (queue.isClosed()) {
                        return;
                    }
                    continue;
                }
                commit(writer, batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writer.close();
        }
    }

    /** Writes the entries whose callers still wait, then tells each caller the outcome. */
    private void commit(AuditBatchWriter writer, List<Pending> batch) {
        List<Pending> live = queue.hold(batch);
        if (live.isEmpty()) {
            return;
        }
        batchSize.record(live.size());
        Timer.Sample sample = Timer.start(meters);
        try {
            database.call(() -> {
                writer.write(live.stream().map(Pending::entry).toList());
                return null;
            });
            sample.stop(writeTime);
            committedBatches.increment();
            queue.answering(live);
            live.forEach(p -> p.done().complete(null));
        } catch (Throwable e) {
            failedBatches.increment();
            logFailure(live.size(), e);
            queue.answering(live);
            live.forEach(p -> p.done().completeExceptionally(e));
        } finally {
            queue.release();
        }
    }

    private static void logFailure(int entries, Throwable e) {
        if (e instanceof DatabaseUnavailableException unavailable) {
            // Logged once per outage by the DatabaseGuard; a line per batch would flood the log.
            LOG.debugf("Audit batch of %d entries refused: %s", entries, unavailable.getMessage());
        } else {
            LOG.errorf("Audit batch of %d entries failed, so their callers are refused: %s", entries, describe(e));
            LOG.debug("Audit batch failure", e);
        }
    }

    /** One line per failed write: an outage must not flood the log with stack traces. Entries hold no secrets. */
    static String describe(Throwable e) {
        Throwable failure = e instanceof IllegalStateException && e.getCause() instanceof SQLException sql ? sql : e;
        Throwable cause = failure instanceof SQLException sql && sql.getNextException() != null ? sql.getNextException() : failure;
        String state = cause instanceof SQLException sql ? " (SQLState " + sql.getSQLState() + ")" : "";
        return cause.getClass().getSimpleName() + state + ": " + cause.getMessage();
    }

    private static Counter batches(MeterRegistry meters, String outcome) {
        return Counter.builder("rolegate.audit.batches").tag("outcome", outcome)
                .description("Audit transactions by outcome; each holds one or more entries").register(meters);
    }
}
