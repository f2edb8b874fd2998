package dev.rolegate.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rolegate.testsupport.LoadDriver;
import dev.rolegate.testsupport.PackagedApp;
import dev.rolegate.testsupport.PackagedBroker;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the OpenTelemetry extension costs on the hot path (issue 11): wrk against the container-credentials endpoint
 * of the packaged application named by {@code -Dpackaged.app}, one round per invocation, appended to
 * target/benchmarks/tracing-cost.txt. Compare builds by alternating invocations (docs/benchmarks.md "Tracing cost").
 * With {@code -Dbench.tracing=on} the SDK is switched on and exports to a local sink that accepts everything.
 * Not part of ./mvnw verify; needs wrk; loopback only, bounded by {@code bench.wrk.warm-up} + {@code bench.wrk.duration}.
 */
class TracingCostBenchmark {

    private static final String DURATION = System.getProperty("bench.wrk.duration", "15s");
    private static final String WARM_UP = System.getProperty("bench.wrk.warm-up", "10s");
    private static final boolean TRACING_ON = "on".equals(System.getProperty("bench.tracing", "off"));
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern P50 = Pattern.compile("50%\\s+([\\d.]+\\w+)");
    private static final Pattern P99 = Pattern.compile("99%\\s+([\\d.]+\\w+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    @Test
    void hotPathThroughputAndLatencyOfOneBuild() throws Exception {
        WireMockServer sink = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        sink.start();
        sink.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        Map<String, String> env = new HashMap<>();
        if (TRACING_ON) {
            env.put("QUARKUS_OTEL_SDK_DISABLED", "false");
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:" + sink.port());
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
        }
        try (PackagedBroker broker = PackagedBroker.start(env)) {
            HttpRequest hot = broker.credentialTargets().stream().filter(t -> t.name().equals(PackagedBroker.CONTAINER))
                    .map(LoadDriver.Target::request).findFirst().orElseThrow().apply("bench").build();
            wrk(hot, WARM_UP);
            ProcessHandle app = applicationProcess();
            Duration cpuBefore = cpu(app);
            String measured = wrk(hot, DURATION);
            long cpuMicros = cpu(app).minus(cpuBefore).toNanos() / 1_000;
            String line = String.format("%s tracing=%s wrk -t2 -c16 -d%s: %s req/s, p50 %s, p99 %s, app CPU %.1f us/request, non-2xx %s, exports received %d%n",
                    PackagedApp.APP.toAbsolutePath().normalize(), TRACING_ON ? "on" : "off", DURATION, group(RPS, measured), group(P50, measured),
                    group(P99, measured), (double) cpuMicros / Long.parseLong(group(TOTAL, measured)), NON_2XX.matcher(measured).find() ? "some" : "0",
                    sink.getAllServeEvents().size());
            Files.createDirectories(Path.of("target", "benchmarks"));
            Files.writeString(Path.of("target", "benchmarks", "tracing-cost.txt"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.print(line + measured);
            assertThat(measured).as("wrk output").doesNotContain("Non-2xx").contains("Requests/sec");
        } finally {
            sink.stop();
        }
    }

    /** The packaged application started by this JVM (the database is another child). */
    private static ProcessHandle applicationProcess() {
        return ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("").contains("quarkus-run.jar"))
                .findFirst().orElseThrow(() -> new AssertionError("the packaged application's process was not found"));
    }

    /** CPU time the process used so far: under a shared machine's contention a steadier figure than throughput. */
    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow(() -> new AssertionError("no CPU time for process " + process.pid()));
    }

    private static String wrk(HttpRequest request, String duration) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c16", "-d" + duration, "--latency"));
        request.headers().map().forEach((name, values) -> values.forEach(v -> command.addAll(List.of("-H", name + ": " + v))));
        command.add(request.uri().toString());
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(wrk.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return output;
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : "?";
    }
}
