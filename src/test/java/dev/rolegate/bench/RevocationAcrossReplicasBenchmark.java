package dev.rolegate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.LoadDriver;
import dev.rolegate.testsupport.LoadDriver.Answer;
import dev.rolegate.testsupport.ReplicaPair;
import dev.rolegate.testsupport.ReplicaPair.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Revocation propagation across two packaged replicas (issue 12): a worker token is revoked through replica A's portal
 * API while replica B serves it under load; the figure is the time from A's 2xx to the end of B's last 2xx issuance for
 * that token (an upper bound on when B stopped issuing: that answer was decided before it ended). Background load on
 * both replicas with another token keeps them busy. One embedded PostgreSQL and the fake STS, loopback only, bounded
 * by {@code bench.revocations} rounds of about 3 s.
 *
 * <p>Not part of {@code ./mvnw verify} (the name ends in neither Test nor IT). One command builds the package and runs it:
 *
 * <pre>./mvnw verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=RevocationAcrossReplicasBenchmark</pre>
 *
 * Properties: {@code bench.revocations} (default 20), {@code bench.threads} (senders per load target, default 2),
 * {@code bench.pause-ms} (pause between one sender's requests, default 2).
 */
class RevocationAcrossReplicasBenchmark {

    private static final int REVOCATIONS = Integer.getInteger("bench.revocations", 20);
    private static final int THREADS = Integer.getInteger("bench.threads", 2);
    private static final Duration PAUSE = Duration.ofMillis(Long.getLong("bench.pause-ms", 2));
    private static final Duration AFTER_REVOCATION = Duration.ofSeconds(2);

    @Test
    void revocationThroughOneReplicaStopsIssuanceOnTheOther() throws Exception {
        try (ReplicaPair replicas = ReplicaPair.start(Map.of())) {
            awaitListening(replicas);
            Worker steady = replicas.newWorker();
            List<Long> millis = new ArrayList<>();
            long background2xx;
            try (LoadDriver background = LoadDriver.start("steady", List.of(replicas.issuanceOnA("steady on A", steady), replicas.issuanceOnB("steady on B", steady)), THREADS, PAUSE,
                    Duration.ofMinutes(10))) {
                for (int i = 0; i < REVOCATIONS; i++) {
                    millis.add(oneRevocation(replicas, i));
                }
                background2xx = background.stop().stream().filter(Answer::isOk).count();
            }
            String report = report(millis, background2xx);
            Files.createDirectories(Path.of("target", "benchmarks"));
            Files.writeString(Path.of("target", "benchmarks", "revocation-across-replicas.txt"), report);
            System.out.println(report);
            assertThat(millis).hasSize(REVOCATIONS);
        }
    }

    /** Milliseconds from A's 2xx for the revocation to the end of B's last 2xx issuance for the token (0 if none came after). */
    private static long oneRevocation(ReplicaPair replicas, int round) throws InterruptedException {
        Worker victim = replicas.newWorker();
        LoadDriver load = LoadDriver.start("victim-" + round, List.of(replicas.issuanceOnB("victim on B", victim)), THREADS, PAUSE, Duration.ofSeconds(30));
        try {
            while (load.answers().stream().noneMatch(Answer::isOk)) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            replicas.revokeOnA(victim);
            long revokedAt = System.nanoTime();
            TimeUnit.MILLISECONDS.sleep(AFTER_REVOCATION.toMillis());
            List<Answer> answers = load.stop();
            long lastOk = answers.stream().filter(Answer::isOk).mapToLong(Answer::endedAt).max().orElseThrow();
            long lastAnswer = answers.stream().mapToLong(Answer::endedAt).max().orElseThrow();
            if (lastOk == lastAnswer) {
                throw new AssertionError("round " + round + ": B still issued " + AFTER_REVOCATION + " after the revocation");
            }
            return Math.max(0, TimeUnit.NANOSECONDS.toMillis(lastOk - revokedAt));
        } finally {
            load.close();
        }
    }

    private static void awaitListening(ReplicaPair replicas) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (replicas.notificationsHealthOfB() != 200) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("replica B never listened");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static String report(List<Long> millis, long background2xx) {
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("revocations %d, senders per target %d, pause %d ms, background 2xx on A and B %d%n"
                + "time from A's 2xx to the end of B's last 2xx issuance: p50 %d ms, p99 %d ms, max %d ms%nall (ms, sorted): %s%n",
                sorted.length, THREADS, PAUSE.toMillis(), background2xx, percentile(sorted, 50), percentile(sorted, 99),
                sorted[sorted.length - 1], java.util.Arrays.toString(sorted));
    }

    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
