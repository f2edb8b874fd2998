package dev.rolegate.audit;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Refuses entries past their deadline, queued or being written, so a hung database cannot hold a caller past the
 * commit timeout. The writer skips refused entries it has not taken; one it was already writing may still be
 * committed: the audit can over-report, never under-report. One periodic sweep replaces a timer per entry, which cost
 * measurable CPU on the hot path.
 */
final class DeadlineSweep {

    private static final Logger LOG = Logger.getLogger(DeadlineSweep.class);
    private static final Duration MIN_SWEEP = Duration.ofMillis(1);
    private static final Duration MAX_SWEEP = Duration.ofMillis(50);

    private final AuditQueue queue;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "rolegate-audit-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    DeadlineSweep(AuditQueue queue) {
        this.queue = queue;
    }

    /** Sweeps every {@link #interval} of {@code commitTimeout} until {@link #stop}. */
    void start(Duration commitTimeout) {
        long sweep = interval(commitTimeout).toNanos();
        timer.scheduleAtFixedRate(this::sweep, sweep, sweep, TimeUnit.NANOSECONDS);
    }

    void stop() {
        timer.shutdownNow();
    }

    private void sweep() {
        try {
            queue.refuseOverdue(System.nanoTime());
        } catch (RuntimeException | Error e) {
            // An escaping exception would cancel the periodic sweep for good, and with it every timeout.
            LOG.errorf("Audit deadline sweep failed, will retry: %s", e);
        }
    }

    /** A tenth of the commit timeout, between 1 and 50 ms: how late past its deadline a caller may hear of a timeout. */
    static Duration interval(Duration commitTimeout) {
        Duration tenth = commitTimeout.dividedBy(10);
        return tenth.compareTo(MAX_SWEEP) > 0 ? MAX_SWEEP : tenth.compareTo(MIN_SWEEP) < 0 ? MIN_SWEEP : tenth;
    }
}
