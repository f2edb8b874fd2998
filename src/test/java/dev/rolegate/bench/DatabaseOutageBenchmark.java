package dev.rolegate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.FaultDrill;
import dev.rolegate.testsupport.FaultDrill.Outcome;
import dev.rolegate.testsupport.FaultRun;
import dev.rolegate.testsupport.LoadDriver.Answer;
import dev.rolegate.testsupport.PackagedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Database-outage figures of the packaged application (issue 9), side by side in one run: normal
 * hot-path latency, the time from the database's stop to the first 503, the p50/p99 of answers once
 * the outage is detected, per format, the application's log lines during the outage, and the time to
 * the first 2xx after the database returns. The database is the embedded PostgreSQL of the tests
 * (zonky), stopped with a fast shutdown and started again on the same data and port; the STS is the
 * fake one. Loopback only; bounded by baseline + outage + recovery bound.
 *
 * <p>Not part of {@code ./mvnw verify} (the name ends in neither Test nor IT). One command builds the
 * package and runs it:
 *
 * <pre>./mvnw verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DatabaseOutageBenchmark</pre>
 *
 * Properties: {@code bench.outage} (default 45s, longer than the production cache bounds of 30 s, so the
 * run shows both the outage with warm caches and after they expire), {@code bench.baseline} (10s),
 * {@code bench.threads-per-format} (2), {@code bench.pause-ms} (5), and {@code bench.cache-ttl} (unset: the
 * production defaults; set it to cut the four cache bounds).
 */
class DatabaseOutageBenchmark {

    private static final Duration OUTAGE = Duration.parse("PT" + System.getProperty("bench.outage", "45s"));
    private static final Duration BASELINE = Duration.parse("PT" + System.getProperty("bench.baseline", "10s"));
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    private static final int THREADS_PER_FORMAT = Integer.getInteger("bench.threads-per-format", 2);
    private static final Duration PAUSE = Duration.ofMillis(Integer.getInteger("bench.pause-ms", 5));
    private static final String CACHE_TTL = System.getProperty("bench.cache-ttl");

    @Test
    void outageFiguresPerFormat() throws Exception {
        try (PackagedBroker broker = PackagedBroker.start(cacheBounds())) {
            String postgres = serverVersion(broker);
            Outcome outcome = FaultDrill.run(broker, "bench", FaultDrill.stopDatabase(broker.database()),
                    new FaultDrill.Plan(BASELINE, OUTAGE, RECOVERY_BOUND, THREADS_PER_FORMAT, PAUSE));

            String report = report(postgres, outcome);
            Files.createDirectories(Path.of("target", "benchmarks"));
            Files.writeString(Path.of("target", "benchmarks", "database-outage.txt"), report);
            System.out.println(report);

            for (String route : outcome.routes()) {
                assertThat(outcome.run().beforeFault(route)).as("%s was served before the outage", route).anyMatch(Answer::isOk);
            }
        }
    }

    private static Map<String, String> cacheBounds() {
        Map<String, String> env = new HashMap<>();
        if (CACHE_TTL != null) {
            for (String name : List.of("ROLEGATE_BROKER_DECISION_CACHE_TTL", "ROLEGATE_WORKERS_TOKENS_CACHE_TTL", "ROLEGATE_WORKERS_GRANTS_CACHE_TTL",
                    "ROLEGATE_SESSION_CACHE_REVALIDATE")) {
                env.put(name, CACHE_TTL);
            }
        }
        return env;
    }

    private static String report(String postgres, Outcome outcome) {
        FaultRun run = outcome.run();
        StringBuilder out = new StringBuilder(String.format(
                "database outage, packaged app (prod profile), %s, fake STS, loopback%n"
                        + "cache bounds %s; baseline %d s; PostgreSQL stopped (pg_ctl stop -m fast) for %d s; %d client thread(s) per format, %d ms pause, "
                        + "2 portal threads, 100 ms pause%n%n",
                postgres, CACHE_TTL == null ? "production defaults (30 s)" : CACHE_TTL, BASELINE.toSeconds(), OUTAGE.toSeconds(), THREADS_PER_FORMAT,
                PAUSE.toMillis()));
        out.append(String.format("%-34s %8s %8s | %13s %14s | %9s %8s %8s | %13s | %s%n", "route", "p50 ms", "p99 ms", "first 503 ms",
                "first other ms", "detected", "p50 ms", "p99 ms", "first 2xx ms", "answers during the outage by status"));
        for (String route : outcome.routes()) {
            List<Answer> before = run.beforeFault(route);
            List<Answer> detected = run.onceDetected(route);
            out.append(String.format("%-34s %8d %8d | %13s %14s | %9d %8d %8d | %13s | %s%n", route,
                    FaultRun.percentileMillis(before, 50), FaultRun.percentileMillis(before, 99),
                    millis(run.timeToFirstUnavailable(route)), millis(run.timeToFirst(route, a -> a.status() != 200 && a.status() != 503)),
                    detected.size(), FaultRun.percentileMillis(detected, 50), FaultRun.percentileMillis(detected, 99),
                    millis(run.timeToRecovery(route)), run.statuses(run.duringFault(route))));
        }
        out.append(String.format("%ncolumns: p50/p99 before the outage; first 503 and first answer other than 200 or 503, from the stop; "
                + "answers sent after the route's first 503 until the restart began (count, p50, p99); first 2xx from the start of the restart (PostgreSQL takes about a second to come up)%n"));
        out.append(String.format("application log during the outage: %s%n", outcome.duringFault().summary()));
        out.append(String.format("application log from the database's return to the end of the run: %s%n", outcome.afterFault().summary()));
        out.append(String.format("first lines during the outage:%n%s%n", outcome.duringFault().sample(8)));
        return out.toString();
    }

    private static String millis(Optional<Duration> duration) {
        return duration.map(d -> String.valueOf(d.toMillis())).orElse("never");
    }

    private static String serverVersion(PackagedBroker broker) throws Exception {
        try (Connection c = broker.database().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show server_version")) {
            rs.next();
            return "embedded PostgreSQL " + rs.getString(1);
        }
    }
}
