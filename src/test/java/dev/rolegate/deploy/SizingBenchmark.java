package dev.rolegate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.LoadDriver;
import dev.rolegate.testsupport.PackagedBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures what the Deployment's requests and limits are sized from (docs/benchmarks.md, "Sizing"): the
 * packaged application (prod profile) with the container's JVM settings, its RSS idle and under a bounded
 * load of every credential format and two portal reads, and the CPU it used. Not part of ./mvnw verify
 * (its name matches no test pattern): run {@code ./mvnw package -DskipTests} then
 * {@code ./mvnw test -Dtest=SizingBenchmark}. Loopback only; the load stops by itself after {@code bench.sizing.duration} (default 60 s).
 */
class SizingBenchmark {

    /** The JVM settings of Dockerfile.jvm's entrypoint, with the heap bounded as the 512 MiB limit bounds it. */
    private static final String CONTAINER_JVM_OPTIONS = "-XX:MaxRAMPercentage=75.0 -XX:MaxRAM=512m -XX:+ExitOnOutOfMemoryError";
    private static final Duration LOAD = Duration.parse("PT" + System.getProperty("bench.sizing.duration", "60") + "S");
    private static final int THREADS_PER_TARGET = Integer.getInteger("bench.sizing.threads", 4);
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    @Test
    void reportsRssAndCpuOfThePackagedApplicationUnderBoundedLoad() throws Exception {
        try (PackagedBroker broker = PackagedBroker.start(Map.of("JAVA_TOOL_OPTIONS", CONTAINER_JVM_OPTIONS,
                "QUARKUS_LOG_CATEGORY__DEV_ROLEGATE__LEVEL", "WARN"))) {
            long pid = applicationPid();
            Thread.sleep(10_000);
            Usage idle = Usage.of(pid);
            List<LoadDriver.Target> targets = new ArrayList<>(broker.credentialTargets());
            targets.addAll(broker.portalTargets());
            long cpuBefore = cpuTicks(pid);
            long started = System.nanoTime();
            List<LoadDriver.Answer> answers;
            try (LoadDriver load = LoadDriver.start("sizing", targets, THREADS_PER_TARGET, Duration.ZERO, LOAD)) {
                Thread.sleep(LOAD.toMillis());
                answers = load.stop();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (cpuTicks(pid) - cpuBefore) / (double) CLOCK_TICKS_PER_SECOND;
            Usage loaded = Usage.of(pid);
            long ok = answers.stream().filter(LoadDriver.Answer::isOk).count();
            System.out.printf("SIZING idle: RSS %d MiB (peak %d MiB) after start and seeding%n", idle.rssMiB, idle.peakMiB);
            System.out.printf("SIZING load: %d requests (%d 2xx) in %.1f s = %.0f req/s over %d targets x %d threads%n",
                    answers.size(), ok, seconds, answers.size() / seconds, targets.size(), THREADS_PER_TARGET);
            System.out.printf("SIZING load: CPU %.1f s = %.2f cores, %.3f ms CPU per request; RSS %d MiB, peak %d MiB%n",
                    cpuSeconds, cpuSeconds / seconds, 1000 * cpuSeconds / answers.size(), loaded.rssMiB, loaded.peakMiB);
            assertThat(ok).as("answers under load").isEqualTo(answers.size());
        }
    }

    private static long applicationPid() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("quarkus-run.jar"))
                .findFirst().orElseThrow().pid();
    }

    /** utime + stime of the process, in clock ticks (fields 14 and 15 of /proc/pid/stat). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private record Usage(long rssMiB, long peakMiB) {
        static Usage of(long pid) throws IOException {
            long rss = 0;
            long peak = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line) / 1024;
                } else if (line.startsWith("VmHWM:")) {
                    peak = kib(line) / 1024;
                }
            }
            return new Usage(rss, peak);
        }

        private static long kib(String line) {
            return Long.parseLong(line.replaceAll("\\D", ""));
        }
    }
}
