package dev.rolegate.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged application (target/quarkus-app) run as a separate process, configured like production. */
public final class PackagedApp implements AutoCloseable {

    /** target/quarkus-app, or the build named by -Dpackaged.app, so a benchmark can run another build side by side. */
    public static final Path APP = Path.of(System.getProperty("packaged.app", "target/quarkus-app"));
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private final Process process;
    private final ProcessOutput output;
    private volatile int port = -1;

    private PackagedApp(Process process) {
        this.process = process;
        this.output = ProcessOutput.follow(process, "packaged-app-output", this::onLine);
    }

    /** Production settings pointing at {@code jdbcPort}; callers add or override entries. */
    public static Map<String, String> productionEnvironment(int jdbcPort) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + jdbcPort + "/postgres");
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("ROLEGATE_SETUP_PLATFORM_ACCOUNT_ID", FakeSts.PLATFORM_ACCOUNT);
        env.put("ROLEGATE_SETUP_PUBLIC_BASE_URL", "https://rolegate.example.com");
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("src/test/resources/test-keys/portal-test-public.pem").toAbsolutePath().toString());
        env.put("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /** A value for ROLEGATE_CRYPTO_KEYS_&lt;ID&gt;: Base64 of 32 random bytes. */
    public static String randomEncryptionKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public static PackagedApp start(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", APP.resolve("quarkus-run.jar").toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("ROLEGATE_") || k.startsWith("AWS_") || k.startsWith("MP_JWT"));
        builder.environment().putAll(env);
        return new PackagedApp(builder.start());
    }

    /** Waits until the application listens and returns its port, or fails with its output. */
    public int awaitPort(long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (port < 0 && process.isAlive() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        if (port < 0) {
            throw new AssertionError("application did not start listening:\n" + output);
        }
        return port;
    }

    /** Waits for the process to exit by itself; returns its exit code. */
    public int awaitExit(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError("application did not exit:\n" + output);
        }
        TimeUnit.MILLISECONDS.sleep(200);
        return process.exitValue();
    }

    public String output() {
        return output.toString();
    }

    private void onLine(String line) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
            port = Integer.parseInt(m.group(1));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
