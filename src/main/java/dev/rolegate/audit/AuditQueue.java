package dev.rolegate.audit;

import dev.rolegate.audit.AuditUnavailableException.Reason;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the group commit has accepted and not yet answered: the bounded queue, the batches the writers hold, and the
 * {@code rolegate.audit.pending} gauge. Shared by the callers, the writers, the deadline sweep and shutdown.
 */
final class AuditQueue {

    private final BlockingQueue<Pending> queue;
    private final AtomicInteger pending = new AtomicInteger();
    private final Map<Thread, List<Pending>> inFlight = new ConcurrentHashMap<>();
    private volatile boolean closed;

    AuditQueue(int capacity, MeterRegistry meters) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        Gauge.builder("rolegate.audit.pending", pending, AtomicInteger::get)
                .description("Audit entries accepted and not yet taken by a writer or refused at shutdown; timed-out entries count until the writer skips them").register(meters);
    }

    /**
     * Queues {@code entry}, to be committed by {@code deadline} (a {@link System#nanoTime}).
     *
     * @throws AuditUnavailableException (not yet counted) if the queue is full or closed
     */
    CompletableFuture<Void> offer(AuditEntry entry, long deadline) {
        if (closed) {
            throw new AuditUnavailableException(Reason.CLOSED, null);
        }
        Pending item = new Pending(entry, new CompletableFuture<>(), deadline);
        pending.incrementAndGet();
        if (!queue.offer(item)) {
            pending.decrementAndGet();
            throw new AuditUnavailableException(Reason.QUEUE_FULL, null);
        }
        // Closed meanwhile: close() may already have drained the queue, and a hung writer would never take it.
        if (closed && queue.remove(item)) {
            pending.decrementAndGet();
            throw new AuditUnavailableException(Reason.CLOSED, null);
        }
        return item.done();
    }

    boolean isClosed() {
        return closed;
    }

    /** Fills {@code batch} with up to {@code max} entries, waiting up to {@code idleMillis} for the first; false if none came. */
    boolean take(List<Pending> batch, int max, long idleMillis) throws InterruptedException {
        Pending first = queue.poll(idleMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return false;
        }
        batch.add(first);
        queue.drainTo(batch, max - 1);
        return true;
    }

    /** The entries of {@code batch} whose callers still wait, now held by the calling writer; the rest are forgotten. */
    List<Pending> hold(List<Pending> batch) {
        List<Pending> live = batch.stream().filter(p -> !p.done().isDone()).toList();
        pending.addAndGet(live.size() - batch.size());
        if (!live.isEmpty()) {
            inFlight.put(Thread.currentThread(), live);
        }
        return live;
    }

    /** {@code live} leave the gauge: the calling writer is about to answer them. */
    void answering(List<Pending> live) {
        pending.addAndGet(-live.size());
    }

    /** The calling writer holds no batch any more. */
    void release() {
        inFlight.remove(Thread.currentThread());
    }

    /** Refuses every entry past its deadline, queued (oldest first, so it stops at the first in time) or held by a writer. */
    void refuseOverdue(long now) {
        for (Pending queued : queue) {
            if (!queued.isOverdue(now)) {
                break;
            }
            queued.refuse(Reason.TIMEOUT);
        }
        for (List<Pending> batch : inFlight.values()) {
            batch.stream().filter(p -> p.isOverdue(now)).forEach(p -> p.refuse(Reason.TIMEOUT));
        }
    }

    /** Refuses from now on; what is already queued stays for the writers. */
    void close() {
        closed = true;
    }

    /** Refuses whatever is still queued or held, for writers that did not finish in time: a stuck one would never answer. */
    void refuseLeft() {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.refuse(Reason.CLOSED));
        pending.addAndGet(-left.size());
        inFlight.values().forEach(batch -> batch.forEach(p -> p.refuse(Reason.CLOSED)));
    }
}
