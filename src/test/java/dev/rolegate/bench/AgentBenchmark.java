package dev.rolegate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.LoadDriver;
import dev.rolegate.testsupport.PackagedAgent;
import dev.rolegate.testsupport.PackagedApp;
import dev.rolegate.testsupport.PackagedBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The node agent's figures (issue 10): wrk through the agent's cache hit against rolegate direct, same run,
 * alternating; the agent's RSS after that load; its start time (process start to the first ready answer) over several
 * starts. Packaged rolegate and packaged agent, loopback only. Not part of ./mvnw verify; needs wrk; run it with the
 * command in docs/benchmarks.md. JVM options for the agent: -Dbench.agent.jvm="-Xmx32m -XX:+UseSerialGC".
 */
class AgentBenchmark {

    private static final String DURATION = System.getProperty("bench.wrk.duration", "15s");
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    private static final int STARTS = Integer.getInteger("bench.starts", 5);
    private static final List<String> JVM = System.getProperty("bench.agent.jvm") == null ? PackagedAgent.JVM_OPTIONS
            : Arrays.asList(System.getProperty("bench.agent.jvm").trim().split("\\s+"));
    /** Environment for the agent only, over the image's (comma-separated K=V pairs; an empty value unsets, e.g. MALLOC_ARENA_MAX=). */
    private static final Map<String, String> ENV = agentEnvironment(System.getProperty("bench.agent.env", ""));
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern P50 = Pattern.compile("50%\\s+([\\d.]+)(us|ms|s)");
    private static final Pattern P99 = Pattern.compile("99%\\s+([\\d.]+)(us|ms|s)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    @Test
    void agentCacheHitAgainstRolegateDirect() throws Exception {
        try (PackagedBroker broker = PackagedBroker.start(Map.of("QUARKUS_LOG_CATEGORY__DEV_ROLEGATE__LEVEL", "WARN"))) {
            HttpRequest sdkRequest = broker.credentialTargets().stream().filter(t -> t.name().equals(PackagedBroker.CONTAINER))
                    .map(LoadDriver.Target::request).findFirst().orElseThrow().apply("bench").build();
            URI direct = sdkRequest.uri();
            String token = sdkRequest.headers().firstValue("Authorization").orElseThrow();
            try (PackagedAgent agent = PackagedAgent.start("http://127.0.0.1:" + direct.getPort(), ENV, JVM)) {
                agent.awaitReady(30);
                String viaAgent = agent.url() + direct.getRawPath();
                long idleRss = agent.rssKib();
                wrk(direct.toString(), token, "5s");
                wrk(viaAgent, token, "5s");
                StringBuilder report = new StringBuilder();
                for (int round = 1; round <= ROUNDS; round++) {
                    report.append(line("round " + round + " rolegate direct", wrk(direct.toString(), token, DURATION)));
                    report.append(line("round " + round + " agent cache hit", wrk(viaAgent, token, DURATION)));
                }
                long loadedRss = agent.rssKib();
                System.out.printf("%n=== AgentBenchmark: wrk -t2 -c32 -d%s, packaged rolegate and agent, loopback; agent JVM %s, env %s ===%n%s"
                        + "agent RSS: %d KiB idle after start, %d KiB after the load%n%s%n", DURATION, JVM, ENV, report, idleRss, loadedRss, agent.metrics()
                        .lines().filter(l -> l.startsWith("rolegate_agent_cache") || l.startsWith("rolegate_agent_upstream_seconds_count"))
                        .reduce("", (a, b) -> a + b + "\n"));
            }
            startTimes("http://127.0.0.1:" + direct.getPort());
            rolegateStartTimes(broker.database().port());
        }
    }

    /**
     * rolegate's own start, measured the same way as the agent's (process start to the first 200 from its readiness
     * check), against the benchmark's already migrated database, so the two can be compared side by side.
     */
    private static void rolegateStartTimes(int jdbcPort) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            Map<String, String> env = PackagedApp.productionEnvironment(jdbcPort);
            env.put("ROLEGATE_CRYPTO_KEYS_K1", PackagedApp.randomEncryptionKey());
            env.put("QUARKUS_SCHEDULER_ENABLED", "false");
            long started = System.nanoTime();
            try (PackagedApp app = PackagedApp.start(env)) {
                HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.awaitPort(90) + "/q/health/ready")).build();
                while (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    TimeUnit.MILLISECONDS.sleep(10);
                }
                millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        }
        System.out.printf("rolegate start to first ready answer, ms: %s, median %d%n", millis, median(millis));
    }

    /** Starts the agent {@link #STARTS} times; prints each start time and RSS at ready, and their medians. */
    private static void startTimes(String upstream) throws Exception {
        List<Long> millis = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            try (PackagedAgent agent = PackagedAgent.start(upstream, ENV, JVM)) {
                Duration ready = agent.awaitReady(30);
                millis.add(ready.toMillis());
                rss.add(agent.rssKib());
            }
        }
        System.out.printf("agent start to first ready answer, ms: %s, median %d; RSS at ready, KiB: %s, median %d%n",
                millis, median(millis), rss, median(rss));
    }

    private static Map<String, String> agentEnvironment(String pairs) {
        Map<String, String> env = new HashMap<>();
        for (String pair : pairs.split(",")) {
            if (pair.contains("=")) {
                env.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        return Map.copyOf(env);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String line(String label, String wrk) {
        Matcher rps = RPS.matcher(wrk);
        Matcher p50 = P50.matcher(wrk);
        Matcher p99 = P99.matcher(wrk);
        Matcher non2xx = NON_2XX.matcher(wrk);
        assertThat(rps.find() && p50.find() && p99.find()).as(wrk).isTrue();
        assertThat(non2xx.find()).as("every answer was 200:\n" + wrk).isFalse();
        return String.format("%-28s %10s req/s   p50 %s%s   p99 %s%s%n", label, rps.group(1), p50.group(1), p50.group(2), p99.group(1), p99.group(2));
    }

    private static String wrk(String url, String token, String duration) throws IOException, InterruptedException {
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c32", "-d" + duration, "--latency", "-H", "Authorization: " + token, url)
                .redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(wrk.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return output;
    }
}
