package dev.rolegate.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.rolegate.testsupport.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.rolegate.testsupport.LoadDriver;
import dev.rolegate.testsupport.PackagedBroker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tracing as shipped (README "Tracing"): the packaged application with the SDK switched on at run time exports the
 * spans of a credential request over OTLP/HTTP protobuf to a fake collector, with the request's route and without any
 * secret; with the defaults it sends the collector nothing, although the collector is configured.
 */
class TracingIT {

    private static final String CONTAINER_ROUTE = "/v1/container-credentials/{projectId}/{account}";
    /** Far below the SDK's 5 s default, so an export is due many times within the wait of the "off" test. */
    private static final String SCHEDULE_DELAY = "200ms";
    private static final long QUIET_MILLIS = 3_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static WireMockServer collector;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCollector() {
        collector = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        collector.start();
        // An OTLP/HTTP collector answers an ExportTraceServiceResponse; its empty encoding is the empty body.
        collector.stubFor(post(urlEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-protobuf")));
        collector.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404)));
    }

    @AfterAll
    static void stopCollector() {
        collector.stop();
    }

    @BeforeEach
    void resetCollector() {
        collector.resetRequests();
    }

    @Test
    void switchedOnACredentialRequestIsExportedWithItsRouteAndWithoutAnySecret() throws Exception {
        Map<String, String> env = collectorSettings();
        env.put("QUARKUS_OTEL_SDK_DISABLED", "false");
        try (PackagedBroker broker = PackagedBroker.start(env)) {
            Set<String> secrets = issueEveryFormatCollectingSecrets(broker);

            awaitUntil("a server span of the container-credentials route is exported",
                    () -> spans().stream().anyMatch(s -> CONTAINER_ROUTE.equals(s.attributes().get("http.route"))));

            List<OtlpSpans.Span> spans = spans();
            OtlpSpans.Span container = spans.stream().filter(s -> CONTAINER_ROUTE.equals(s.attributes().get("http.route"))).findFirst().orElseThrow();
            assertThat(container.kind()).as("span kind").isEqualTo(OtlpSpans.KIND_SERVER);
            assertThat(container.name()).isEqualTo("GET " + CONTAINER_ROUTE);
            assertThat(container.attributes()).containsEntry("http.response.status_code", "200");
            // The seeding requests (portal JWT) are traced too. The three formats answer the same cached session, so: worker
            // token and portal JWT, each bare and as "Bearer ...", the secret access key and the session token.
            broker.portalTargets().get(0).request().apply("tracing").build().headers().allValues("Authorization").forEach(value -> addAuthorization(value, secrets));
            assertThat(secrets).as("secrets collected from the requests and answers").hasSizeGreaterThanOrEqualTo(6);
            for (OtlpSpans.Span span : spans) {
                for (Map.Entry<String, String> attribute : span.attributes().entrySet()) {
                    assertThat(secrets).as("span %s attribute %s", span.name(), attribute.getKey())
                            .noneMatch(secret -> attribute.getValue().contains(secret));
                }
            }
            for (ServeEvent export : exports()) {
                String raw = new String(export.getRequest().getBody(), StandardCharsets.ISO_8859_1);
                assertThat(secrets).as("raw export bytes").noneMatch(raw::contains);
            }
        }
    }

    @Test
    void offByDefaultNothingIsExportedAlthoughACollectorIsConfigured() throws Exception {
        try (PackagedBroker broker = PackagedBroker.start(collectorSettings())) {
            issueEveryFormatCollectingSecrets(broker);
            // Absence can only be shown by waiting: many export periods of the switched-on configuration.
            Thread.sleep(QUIET_MILLIS);
            assertThat(collector.getAllServeEvents()).as("requests the collector received").isEmpty();
        }
    }

    /** Everything but the switch: the collector's address, protocol and a short export period. */
    private static Map<String, String> collectorSettings() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:" + collector.port());
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", SCHEDULE_DELAY);
        return env;
    }

    /** Sends each credential format once (each must answer 200) and returns the token, Authorization values and issued secrets. */
    private Set<String> issueEveryFormatCollectingSecrets(PackagedBroker broker) throws Exception {
        Set<String> secrets = new TreeSet<>();
        for (LoadDriver.Target target : broker.credentialTargets()) {
            HttpRequest request = target.request().apply("tracing").build();
            request.headers().allValues("Authorization").forEach(value -> addAuthorization(value, secrets));
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(target.name() + ": " + answer.body()).isEqualTo(200);
            collectSecretFields(JSON.readTree(answer.body()), secrets);
        }
        return secrets;
    }

    private static void addAuthorization(String value, Set<String> secrets) {
        secrets.add(value);
        secrets.add(value.replaceFirst("^Bearer ", ""));
    }

    /** Every text field named like a secret (SecretAccessKey, Token, SessionToken, in any format's casing). */
    private static void collectSecretFields(JsonNode node, Set<String> secrets) {
        node.fields().forEachRemaining(field -> {
            if (field.getValue().isTextual() && field.getKey().toLowerCase().matches(".*(secret|token).*")) {
                secrets.add(field.getValue().asText());
            }
            collectSecretFields(field.getValue(), secrets);
        });
    }

    private static List<ServeEvent> exports() {
        return collector.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals("/v1/traces")).toList();
    }

    private static List<OtlpSpans.Span> spans() {
        List<OtlpSpans.Span> spans = new ArrayList<>();
        exports().forEach(e -> spans.addAll(OtlpSpans.read(e.getRequest().getBody())));
        return spans;
    }
}
