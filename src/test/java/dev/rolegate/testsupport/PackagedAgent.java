package dev.rolegate.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged node agent (target/rolegate-agent) run as a separate process with only its own jar and lib directory on
 * the class path, on loopback ports chosen by the system.
 */
public final class PackagedAgent implements AutoCloseable {

    public static final Path JAR = Path.of(System.getProperty("packaged.agent", "target/rolegate-agent/rolegate-agent.jar"));
    /** The heap settings the README recommends, measured in docs/benchmarks.md. */
    /** The JVM options the agent's image runs with (src/main/docker/Dockerfile.agent.jvm); see docs/benchmarks.md. */
    public static final List<String> JVM_OPTIONS = List.of("-Xmx32m", "-Xss512k", "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=24m",
            "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=5000");
    /** The environment the agent's image sets: two malloc arenas, so the JIT compilers' scratch memory is not kept per thread. */
    public static final Map<String, String> IMAGE_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+), admin on http://[^:]+:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final long startedAt;
    private final ProcessOutput output;
    private volatile int port = -1;
    private volatile int adminPort = -1;

    private PackagedAgent(Process process, long startedAt) {
        this.process = process;
        this.startedAt = startedAt;
        this.output = ProcessOutput.follow(process, "packaged-agent-output", this::onLine);
    }

    /** Starts the agent forwarding to {@code upstream}; {@code env} adds or overrides variables. */
    public static PackagedAgent start(String upstream, Map<String, String> env, List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(JAR.toAbsolutePath().getParent().toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ROLEGATE_") || k.startsWith("AWS_") || k.equals("CLASSPATH") || k.startsWith("JAVA_TOOL"));
        builder.environment().putAll(Map.of("ROLEGATE_AGENT_UPSTREAM_URL", upstream, "ROLEGATE_AGENT_LISTEN_HOST", "127.0.0.1",
                "ROLEGATE_AGENT_LISTEN_PORT", "0", "ROLEGATE_AGENT_ADMIN_HOST", "127.0.0.1", "ROLEGATE_AGENT_ADMIN_PORT", "0"));
        builder.environment().putAll(IMAGE_ENVIRONMENT);
        builder.environment().putAll(env);
        builder.environment().values().removeIf(String::isEmpty);
        long startedAt = System.nanoTime();
        return new PackagedAgent(builder.start(), startedAt);
    }

    /** Waits for the first successful readiness answer; returns the time from process start to it. */
    public Duration awaitReady(long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (adminPort > 0 && isReady()) {
                return Duration.ofNanos(System.nanoTime() - startedAt);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        throw new AssertionError("the agent did not become ready:\n" + output);
    }

    private boolean isReady() throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl() + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The base URL SDKs are given, e.g. http://127.0.0.1:40123. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String adminUrl() {
        return "http://127.0.0.1:" + adminPort;
    }

    /** The agent's /metrics text. */
    public String metrics() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Resident set size in KiB, from /proc/&lt;pid&gt;/status. */
    public long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for process " + process.pid());
    }

    public String output() {
        return output.toString();
    }

    private void onLine(String line) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
            port = Integer.parseInt(m.group(1));
            adminPort = Integer.parseInt(m.group(2));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
