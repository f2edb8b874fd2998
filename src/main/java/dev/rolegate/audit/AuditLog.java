package dev.rolegate.audit;

import dev.rolegate.audit.AuditUnavailableException.Reason;
import dev.rolegate.db.DatabaseFailure;
import dev.rolegate.db.DatabaseGuard;
import dev.rolegate.db.DatabaseUnavailableException;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The durable audit of issuances, with group commit. {@link #record} queues its entry and blocks until a writer
 * thread has inserted and committed it, together with whatever other entries arrived meanwhile, in one statement;
 * {@link #submit} does the same without blocking. It fails closed: an entry not confirmed as committed is refused with
 * {@link AuditUnavailableException}, and the caller must then issue or change nothing. Durability is PostgreSQL's: a
 * commit returns once the WAL is flushed, as the writer makes sure for its connection (see {@link AuditBatchWriter}).
 * The queue, writers and deadlines are the {@link GroupCommit}'s; this class turns their outcomes into answers and
 * counts refusals. Changes made in a transaction of their own are audited in it instead, by {@link AdminAudit}.
 */
@Startup
@ApplicationScoped
public class AuditLog {

    private final DatabaseGuard database;
    private final AuditConfig config;
    private final MeterRegistry meters;
    private final GroupCommit engine;

    public AuditLog(AgroalDataSource dataSource, DatabaseGuard database, AuditConfig config, MeterRegistry meters) {
        this.engine = new GroupCommit(dataSource, database, config, meters);
        this.database = database;
        this.config = config;
        this.meters = meters;
    }

    @PostConstruct
    void start() {
        engine.start();
    }

    /** Lets the writers commit what is queued, for up to the commit timeout; refuses whatever is left. */
    @PreDestroy
    void close() {
        engine.close();
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
        await(enqueue(entry));
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
            done = enqueue(entry);
        } catch (AuditUnavailableException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return done.handle((ok, error) -> {
            if (error != null) {
                throw refusal(error instanceof CompletionException ? error.getCause() : error);
            }
            return null;
        });
    }

    private CompletableFuture<Void> enqueue(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (engine.isClosed()) {
            throw refuse(Reason.CLOSED, null);
        }
        if (!database.isAvailable()) {
            // The commit would fail; refusing now spares the caller the wait and the writer the attempt.
            throw refuse(Reason.DATABASE_DOWN, null);
        }
        try {
            return engine.enqueue(entry);
        } catch (AuditUnavailableException refused) {
            throw refuse(refused.reason(), null);
        }
    }

    private void await(CompletableFuture<Void> done) {
        try {
            done.get(config.commitTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw refusal(e.getCause());
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
            throw refusal(e.getCause());
        }
    }

    /** The refusal that answers {@code cause}, a failed write: the database down or busy, or the write itself refused. */
    AuditUnavailableException refusal(Throwable cause) {
        if (cause instanceof AuditUnavailableException refused) {
            return refuse(refused.reason(), cause);
        }
        if (cause instanceof DatabaseUnavailableException unavailable) {
            return refuse(unavailable.failure() == DatabaseFailure.BUSY ? Reason.DATABASE_BUSY : Reason.DATABASE_DOWN, cause);
        }
        return refuse(Reason.WRITE_FAILED, cause);
    }

    /** Every refusal is counted in {@code rolegate.audit.rejections}, by reason. */
    private AuditUnavailableException refuse(Reason reason, Throwable cause) {
        meters.counter("rolegate.audit.rejections", "reason", reason.tag()).increment();
        return new AuditUnavailableException(reason, cause);
    }
}
