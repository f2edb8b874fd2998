package dev.rolegate.audit;

import dev.rolegate.audit.AuditUnavailableException.Reason;
import dev.rolegate.db.DatabaseFailure;
import dev.rolegate.db.DatabaseGuard;
import dev.rolegate.db.DatabaseUnavailableException;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.vertx.core.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The durable audit, with group commit. {@link #record} queues its entry and blocks until a single
 * writer thread has inserted and committed it, together with whatever other entries arrived
 * meanwhile, in one statement; {@link #submit} does the same without blocking. It fails closed: an
 * entry not confirmed as committed is refused with {@link AuditUnavailableException}, and the caller
 * must then issue or change nothing. Durability is PostgreSQL's: a commit returns once the WAL is
 * flushed, as the writer makes sure for its connection (see {@link AuditBatchWriter}).
 */
@Startup
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private static final long IDLE_POLL_MILLIS = 200;
    private static final Duration MIN_SWEEP = Duration.ofMillis(1);
    private static final Duration MAX_SWEEP = Duration.ofMillis(50);

    private final AgroalDataSource dataSource;
    private final DatabaseGuard database;
    private final AuditConfig config;
    private final MeterRegistry meters;
    private final BlockingQueue<Pending> queue;
    private final AtomicInteger pending = new AtomicInteger();
    private final Counter committedBatches;
    private final Counter failedBatches;
    private final DistributionSummary batchSize;
    private final Timer writeTime;
    private final List<Thread> writerThreads = new ArrayList<>();
    private final Map<Thread, List<Pending>> inFlight = new ConcurrentHashMap<>();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "rolegate-audit-deadlines");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    public AuditLog(AgroalDataSource dataSource, DatabaseGuard database, AuditConfig config, MeterRegistry meters) {
        validate(config);
        this.dataSource = dataSource;
        this.database = database;
        this.config = config;
        this.meters = meters;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.committedBatches = batches(meters, "committed");
        this.failedBatches = batches(meters, "failed");
        this.batchSize = DistributionSummary.builder("rolegate.audit.batch.size").description("Entries per audit transaction")
                .publishPercentileHistogram().register(meters);
        this.writeTime = Timer.builder("rolegate.audit.write").description("Time to insert and commit one audit batch").register(meters);
        Gauge.builder("rolegate.audit.pending", pending, AtomicInteger::get)
                .description("Audit entries accepted and not yet taken by a writer or refused at shutdown; timed-out entries count until the writer skips them").register(meters);
    }

    @PostConstruct
    void start() {
        for (int i = 1; i <= config.writers(); i++) {
            AuditBatchWriter writer = new AuditBatchWriter(dataSource, config.lockTimeout());
            Thread thread = new Thread(() -> runWriter(writer), "rolegate-audit-writer-" + i);
            thread.setDaemon(true);
            writerThreads.add(thread);
            thread.start();
        }
        long sweep = sweepInterval(config).toNanos();
        deadlines.scheduleAtFixedRate(this::refuseOverdue, sweep, sweep, TimeUnit.NANOSECONDS);
    }

    /**
     * Stores {@code entry} durably, returning only once it is committed. Blocks for at most the
     * commit timeout, so never call it on an event-loop thread.
     *
     * @throws AuditUnavailableException if the queue is full, the write failed, the commit timed out
     *         or the log is shut down; the caller must then not go ahead. A timed-out entry the
     *         writer had already taken may still be committed: the audit can over-report, never under-report.
     */
    public void record(AuditEntry entry) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("AuditLog.record blocks until commit; call it from a worker thread, or use submit");
        }
        await(enqueue(entry).done());
    }

    /**
     * Queues {@code entry} without blocking. The returned stage completes once the entry is committed,
     * or fails with {@link AuditUnavailableException} for the same reasons {@link #record} throws; the
     * caller must go ahead only on success. The stage completes on a background thread (the writer, the
     * deadline sweep or shutdown), or at once on a refusal, so its continuations must be brief.
     */
    public CompletionStage<Void> submit(AuditEntry entry) {
        CompletableFuture<Void> done;
        try {
            done = enqueue(entry).done();
        } catch (AuditUnavailableException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return done.handle((ok, error) -> {
            if (error != null) {
                throw failed(error instanceof CompletionException ? error.getCause() : error);
            }
            return null;
        });
    }

    private Pending enqueue(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (closed) {
            throw refuse(Reason.CLOSED, null);
        }
        if (!database.isAvailable()) {
            // The commit would fail; refusing now spares the caller the wait and the writer the attempt.
            throw refuse(Reason.DATABASE_DOWN, null);
        }
        Pending item = new Pending(entry, new CompletableFuture<>(), System.nanoTime() + config.commitTimeout().toNanos());
        pending.incrementAndGet();
        if (!queue.offer(item)) {
            pending.decrementAndGet();
            throw refuse(Reason.QUEUE_FULL, null);
        }
        // Closed meanwhile: close() may already have drained the queue, and a hung writer would never take it.
        if (closed && queue.remove(item)) {
            pending.decrementAndGet();
            throw refuse(Reason.CLOSED, null);
        }
        return item;
    }

    /** Lets the writer commit what is queued, for up to the commit timeout; refuses whatever is left. */
    @PreDestroy
    void close() {
        closed = true;
        long deadline = System.nanoTime() + config.commitTimeout().toNanos();
        try {
            for (Thread thread : writerThreads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done().completeExceptionally(new AuditUnavailableException(Reason.CLOSED, null)));
        pending.addAndGet(-left.size());
        // A writer still stuck in its batch would never answer these callers.
        inFlight.values().forEach(batch -> batch.forEach(p -> p.done().completeExceptionally(new AuditUnavailableException(Reason.CLOSED, null))));
        deadlines.shutdownNow();
    }

    private void await(CompletableFuture<Void> done) {
        try {
            done.get(config.commitTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        } catch (TimeoutException e) {
            giveUp(done, Reason.TIMEOUT, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(done, Reason.INTERRUPTED, e);
        }
    }

    /** Withdraws an entry the caller stopped waiting for; if its outcome arrived meanwhile, that outcome stands. */
    private void giveUp(CompletableFuture<Void> done, Reason reason, Throwable cause) {
        if (done.cancel(false)) {
            throw refuse(reason, cause);
        }
        try {
            done.getNow(null);
        } catch (CompletionException e) {
            throw failed(e.getCause());
        }
    }

    private AuditUnavailableException failed(Throwable cause) {
        if (cause instanceof AuditUnavailableException refused) {
            return refuse(refused.reason(), cause);
        }
        if (cause instanceof DatabaseUnavailableException unavailable) {
            return refuse(unavailable.failure() == DatabaseFailure.BUSY ? Reason.DATABASE_BUSY : Reason.DATABASE_DOWN, cause);
        }
        return refuse(Reason.WRITE_FAILED, cause);
    }

    private AuditUnavailableException refuse(Reason reason, Throwable cause) {
        meters.counter("rolegate.audit.rejections", "reason", reason.tag()).increment();
        return new AuditUnavailableException(reason, cause);
    }

    private void runWriter(AuditBatchWriter writer) {
        List<Pending> batch = new ArrayList<>(config.maxBatch());
        try {
            while (true) {
                Pending first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, config.maxBatch() - 1);
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
        List<Pending> live = batch.stream().filter(p -> !p.done().isDone()).toList();
        pending.addAndGet(live.size() - batch.size());
        if (live.isEmpty()) {
            return;
        }
        batchSize.record(live.size());
        Timer.Sample sample = Timer.start(meters);
        inFlight.put(Thread.currentThread(), live);
        try {
            database.call(() -> {
                writer.write(live.stream().map(Pending::entry).toList());
                return null;
            });
            sample.stop(writeTime);
            committedBatches.increment();
            pending.addAndGet(-live.size());
            live.forEach(p -> p.done().complete(null));
        } catch (Throwable e) {
            failedBatches.increment();
            if (e instanceof DatabaseUnavailableException unavailable) {
                // Logged once per outage by the DatabaseGuard; a line per batch would flood the log.
                LOG.debugf("Audit batch of %d entries refused: %s", live.size(), unavailable.getMessage());
            } else {
                LOG.errorf("Audit batch of %d entries failed, so their callers are refused: %s", live.size(), describe(e));
                LOG.debug("Audit batch failure", e);
            }
            pending.addAndGet(-live.size());
            live.forEach(p -> p.done().completeExceptionally(e));
        } finally {
            inFlight.remove(Thread.currentThread());
        }
    }

    /**
     * Refuses entries past their deadline, queued or being written, so a hung database cannot hold a
     * caller past the commit timeout. The writer skips refused entries it has not taken; one it was
     * already writing may still be committed: the audit can over-report, never under-report. One
     * periodic sweep replaces a timer per entry, which cost measurable CPU on the hot path.
     */
    private void refuseOverdue() {
        try {
            refuseOverdue(System.nanoTime());
        } catch (RuntimeException | Error e) {
            // An escaping exception would cancel the periodic sweep for good, and with it every timeout.
            LOG.errorf("Audit deadline sweep failed, will retry: %s", e);
        }
    }

    private void refuseOverdue(long now) {
        for (Pending queued : queue) {
            if (!queued.isOverdue(now)) {
                break;
            }
            timeOut(queued);
        }
        for (List<Pending> batch : inFlight.values()) {
            batch.stream().filter(p -> p.isOverdue(now)).forEach(AuditLog::timeOut);
        }
    }

    private static void timeOut(Pending pending) {
        pending.done().completeExceptionally(new AuditUnavailableException(Reason.TIMEOUT, null));
    }

    /** One line per failed batch: an outage must not flood the log with stack traces. Entries hold no secrets. */
    private static String describe(Throwable e) {
        Throwable failure = e instanceof IllegalStateException && e.getCause() instanceof SQLException sql ? sql : e;
        Throwable cause = failure instanceof SQLException sql && sql.getNextException() != null ? sql.getNextException() : failure;
        String state = cause instanceof SQLException sql ? " (SQLState " + sql.getSQLState() + ")" : "";
        return cause.getClass().getSimpleName() + state + ": " + cause.getMessage();
    }

    /** A tenth of the commit timeout, between 1 and 50 ms: how late past its deadline a caller may hear of a timeout. */
    static Duration sweepInterval(AuditConfig config) {
        Duration tenth = config.commitTimeout().dividedBy(10);
        return tenth.compareTo(MAX_SWEEP) > 0 ? MAX_SWEEP : tenth.compareTo(MIN_SWEEP) < 0 ? MIN_SWEEP : tenth;
    }

    private static Counter batches(MeterRegistry meters, String outcome) {
        return Counter.builder("rolegate.audit.batches").tag("outcome", outcome)
                .description("Audit transactions by outcome; each holds one or more entries").register(meters);
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

    /** An entry, its outcome, and the System.nanoTime by which it must be committed or refused. */
    private record Pending(AuditEntry entry, CompletableFuture<Void> done, long deadline) {

        boolean isOverdue(long now) {
            return now - deadline >= 0;
        }
    }
}
