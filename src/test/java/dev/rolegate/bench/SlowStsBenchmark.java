package dev.rolegate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.LoadDriver;
import dev.rolegate.testsupport.PackagedApp;
import dev.rolegate.testsupport.PackagedBroker;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How long a caller waits when STS answers late (issue 9): a cold credential request (container format) and a
 * manual verify against the packaged application, while the fake STS answers every call only after
 * {@code bench.sts-latency} (default 30 s, longer than any timeout). The default build is target/quarkus-app; run
 * the same harness against another build with {@code -Dpackaged.app=<dir>} to compare side by side. Loopback only;
 * bounded by {@code bench.rounds} requests of each kind.
 *
 * <pre>./mvnw verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SlowStsBenchmark</pre>
 */
class SlowStsBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int STS_LATENCY_MILLIS = Integer.getInteger("bench.sts-latency", 30_000);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void callersWaitForASlowStsOnlyAsLongAsTheirBudget() throws Exception {
        try (PackagedBroker broker = PackagedBroker.start(Map.of())) {
            broker.sts().setLatency(STS_LATENCY_MILLIS);
            LoadDriver.Target cold = broker.credentialTargets().stream().filter(t -> t.name().equals(PackagedBroker.CONTAINER)).findFirst().orElseThrow();
            List<Timed> credentials = time(cold);
            List<Timed> verifies = time(broker.verifyTarget());

            String report = String.format("build %s, STS latency %d ms, %d rounds each%n%-40s %s%n%-40s %s%n", PackagedApp.APP.toAbsolutePath().normalize(),
                    STS_LATENCY_MILLIS, ROUNDS, "cold " + cold.name(), summary(credentials), broker.verifyTarget().name(), summary(verifies));
            Files.createDirectories(Path.of("target", "benchmarks"));
            Files.writeString(Path.of("target", "benchmarks", "slow-sts.txt"), report);
            System.out.println(report);
            assertThat(credentials).as("every round answered").allMatch(t -> t.status() > 0);
        }
    }

    private static List<Timed> time(LoadDriver.Target target) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Timed> timings = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = client.send(target.request().apply("slow-sts-" + round).timeout(CLIENT_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            timings.add(new Timed(answer.statusCode(), (System.nanoTime() - start) / 1_000_000));
        }
        return timings;
    }

    private static String summary(List<Timed> timings) {
        List<Long> millis = timings.stream().map(Timed::millis).sorted().toList();
        return String.format("median %d ms, max %d ms, statuses %s", millis.get(millis.size() / 2), millis.get(millis.size() - 1),
                timings.stream().map(Timed::status).toList());
    }

    private record Timed(int status, long millis) {
    }
}
