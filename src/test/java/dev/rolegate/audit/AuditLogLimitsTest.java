package dev.rolegate.audit;

import static dev.rolegate.audit.AuditTables.blockedInserts;
import static dev.rolegate.audit.AuditTables.entry;
import static dev.rolegate.audit.AuditTables.rows;
import static dev.rolegate.audit.AuditTables.uniqueActor;
import static dev.rolegate.testsupport.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.audit.AuditUnavailableException.Reason;
import dev.rolegate.db.DatabaseGuard;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Audit logs built with small limits against the real database: bounded queue, bounded wait, clean shutdown. */
@QuarkusTest
class AuditLogLimitsTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    DatabaseGuard database;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private AuditLog audit;

    @BeforeEach
    void noLogYet() {
        audit = null;
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (audit != null) {
            audit.close();
        }
    }

    @Test
    void fullQueueRefusesAtOnce() throws Exception {
        audit = start(TestAuditConfig.of(1, 1, LONG));
        String actor = uniqueActor();
        Future<?> inFlight;
        Future<?> queued;
        try (AuditTables.WriteLock stall = new AuditTables.WriteLock(dataSource)) {
            inFlight = pool.submit(() -> audit.record(entry(actor, "req-in-flight")));
            awaitUntil("the writer waits on its batch", () -> blockedInserts(dataSource) == 1);
            queued = pool.submit(() -> audit.record(entry(actor, "req-queued")));
            awaitUntil("the queue is full", () -> pending() == 2);

            assertThatThrownBy(() -> audit.record(entry(actor, "req-refused")))
                    .isInstanceOfSatisfying(AuditUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(Reason.QUEUE_FULL));
        }
        inFlight.get();
        queued.get();
        assertThat(rows(dataSource, actor, "req-refused")).isZero();
        assertThat(rows(dataSource, actor)).isEqualTo(2);
        assertThat(meters.get("rolegate.audit.rejections").tag("reason", "queue_full").counter().count()).isEqualTo(1.0);
    }

    @Test
    void commitOutlastingTheTimeoutRefusesTheCaller() throws Exception {
        audit = start(TestAuditConfig.of(10, 10, Duration.ofMillis(200)));
        try (AuditTables.WriteLock stall = new AuditTables.WriteLock(dataSource)) {
            assertThatThrownBy(() -> audit.record(entry(uniqueActor(), "req-slow")))
                    .isInstanceOfSatisfying(AuditUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        }
        assertThat(meters.get("rolegate.audit.rejections").tag("reason", "timeout").counter().count()).isEqualTo(1.0);
    }

    @Test
    void submittedEntriesFailOnTimeoutOrFullQueueAndAWithdrawnOneIsNeverStored() throws Exception {
        audit = start(TestAuditConfig.of(1, 1, Duration.ofMillis(200)));
        String inFlightActor = uniqueActor();
        String withdrawnActor = uniqueActor();
        CompletableFuture<Void> inFlight;
        CompletableFuture<Void> withdrawn;
        try (AuditTables.WriteLock stall = new AuditTables.WriteLock(dataSource)) {
            inFlight = audit.submit(entry(inFlightActor, "req-in-flight")).toCompletableFuture();
            awaitUntil("the writer waits on its batch", () -> blockedInserts(dataSource) == 1);
            withdrawn = audit.submit(entry(withdrawnActor, "req-withdrawn")).toCompletableFuture();
            CompletableFuture<Void> overflow = audit.submit(entry(uniqueActor(), "req-overflow")).toCompletableFuture();

            assertThat(overflow).as("a full queue refuses at once, without blocking the caller").isCompletedExceptionally();
            assertRefused(overflow, Reason.QUEUE_FULL);
            assertRefused(withdrawn, Reason.TIMEOUT);
            assertRefused(inFlight, Reason.TIMEOUT);
        }
        awaitUntil("the writer has handled both entries", () -> pending() == 0);

        assertThat(rows(dataSource, withdrawnActor)).as("a withdrawn entry is skipped").isZero();
        assertThat(rows(dataSource, inFlightActor)).as("an entry already being written may still land: over-report, never under-report").isEqualTo(1);
    }

    private static void assertRefused(CompletableFuture<Void> stage, Reason reason) {
        assertThatThrownBy(() -> stage.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(AuditUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void entryWhoseCallerTimedOutBeforeTheWriterTookItIsNeverStored() throws Exception {
        audit = start(TestAuditConfig.of(1, 10, Duration.ofMillis(200)));
        String inFlightActor = uniqueActor();
        String withdrawnActor = uniqueActor();
        try (AuditTables.WriteLock stall = new AuditTables.WriteLock(dataSource)) {
            Future<?> inFlight = pool.submit(() -> audit.record(entry(inFlightActor, "req-in-flight")));
            awaitUntil("the writer waits on its batch", () -> blockedInserts(dataSource) == 1);

            assertThatThrownBy(() -> audit.record(entry(withdrawnActor, "req-withdrawn"))).isInstanceOf(AuditUnavailableException.class);
            assertThatThrownBy(inFlight::get).hasCauseInstanceOf(AuditUnavailableException.class);
        }
        awaitUntil("the writer has handled both entries", () -> pending() == 0);

        assertThat(rows(dataSource, withdrawnActor)).as("a withdrawn entry is skipped").isZero();
        assertThat(rows(dataSource, inFlightActor)).as("an entry already being written may still land: over-report, never under-report").isEqualTo(1);
    }

    @Test
    void severalWritersCommitEveryEntryOfConcurrentCallersExactlyOnce() throws Exception {
        audit = start(new TestAuditConfig(500, 4, 10_000, LONG, Duration.ofMinutes(1), Duration.ofSeconds(5)));
        String actor = uniqueActor();
        ExecutorService callers = Executors.newFixedThreadPool(32);
        try {
            List<Future<?>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String requestId = "req-" + i;
                all.add(callers.submit(() -> audit.record(entry(actor, requestId))));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(rows(dataSource, actor)).isEqualTo(400);
        assertThat(meters.get("rolegate.audit.batches").tag("outcome", "committed").counter().count()).isBetween(1.0, 399.0);
    }

    @Test
    void closeCommitsWhatIsAlreadyQueued() throws Exception {
        audit = start(TestAuditConfig.of(1, 10, LONG));
        String actor = uniqueActor();
        Future<?> first;
        Future<?> second;
        Thread closer = new Thread(audit::close, "audit-closer");
        try (AuditTables.WriteLock stall = new AuditTables.WriteLock(dataSource)) {
            first = pool.submit(() -> audit.record(entry(actor, "req-1")));
            awaitUntil("the writer waits on its batch", () -> blockedInserts(dataSource) == 1);
            second = pool.submit(() -> audit.record(entry(actor, "req-2")));
            awaitUntil("the second entry is queued", () -> pending() == 2);
            closer.start();
            awaitUntil("close waits for the writer", () -> closer.getState() == Thread.State.TIMED_WAITING);
        }
        closer.join();
        first.get();
        second.get();

        assertThat(rows(dataSource, actor)).isEqualTo(2);
        assertThatThrownBy(() -> audit.record(entry(actor, "req-late"))).isInstanceOf(AuditUnavailableException.class);
    }

    @Test
    void recordAfterCloseIsRefused() {
        audit = start(TestAuditConfig.of(10, 10, LONG));
        audit.close();

        assertThatThrownBy(() -> audit.record(entry(uniqueActor(), "req-late")))
                .isInstanceOfSatisfying(AuditUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED));
    }

    @Test
    void batchLimitBelowOneIsRejectedAtStart() {
        assertThatThrownBy(() -> new AuditLog(dataSource, database, TestAuditConfig.of(0, 10, LONG), meters))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-batch");
    }

    private AuditLog start(AuditConfig config) {
        AuditLog log = new AuditLog(dataSource, database, config, meters);
        log.start();
        return log;
    }

    private double pending() {
        return meters.get("rolegate.audit.pending").gauge().value();
    }
}
