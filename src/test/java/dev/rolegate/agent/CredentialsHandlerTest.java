package dev.rolegate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolegate.agent.FakeRolegate.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent over real sockets, in front of a fake rolegate: what SDKs get for good and bad requests and upstream failures. */
class CredentialsHandlerTest {

    private static final String TOKEN = "rgw_exampleWorkerTokenThatMustNeverBeEchoed000000";
    private static final String PATH = "/v1/container-credentials/acme/production";

    private FakeRolegate rolegate;
    private AgentHttp agent;

    @BeforeEach
    void start() throws Exception {
        rolegate = FakeRolegate.start();
        agent = AgentHttp.start(rolegate.url(), Map.of());
    }

    @AfterEach
    void stop() {
        agent.close();
        rolegate.close();
    }

    @Test
    void credentialsArePassedThroughAsRolegateSentThemAndNeverStored() throws Exception {
        Instant expiration = Instant.parse("2030-01-01T12:00:00Z");
        rolegate.answer(call -> Reply.credentials(expiration));

        HttpResponse<String> response = agent.get(PATH, TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Reply.credentials(expiration).body());
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void theTokenIsForwardedAsPresentedWithoutSurroundingWhitespace() throws Exception {
        agent.get(PATH, "  " + TOKEN + "\t ");

        assertThat(rolegate.calls()).singleElement().extracting(FakeRolegate.Call::authorization).isEqualTo(TOKEN);
        assertThat(rolegate.calls().get(0).path()).isEqualTo(PATH);
    }

    @Test
    void withoutAMinimumValidityTheAgentLeavesItToRolegatesDefaultForTheAccount() throws Exception {
        agent.get(PATH, TOKEN);

        assertThat(rolegate.calls()).singleElement().extracting(FakeRolegate.Call::query).isNull();
    }

    @Test
    void theCallersMinimumValidityIsForwardedUnchanged() throws Exception {
        agent.get(PATH + "?minValiditySeconds=900&other=x", TOKEN);

        assertThat(rolegate.calls()).singleElement().extracting(FakeRolegate.Call::query).isEqualTo("minValiditySeconds=900");
    }

    @Test
    void aCallersOwnOutOfBoundsValidityIsRolegatesRefusalNotRetried() throws Exception {
        rolegate.answer(call -> Reply.json(400, "{\"code\":\"InvalidRequest\",\"message\":\"minValiditySeconds: at most 780\"}"));

        HttpResponse<String> response = agent.get(PATH + "?minValiditySeconds=5000", TOKEN);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(rolegate.calls()).hasSize(1);
    }

    @Test
    void noTokenIsRefusedWithAChallengeWithoutAskingRolegate() throws Exception {
        HttpResponse<String> response = agent.get(PATH, null);

        assertProtocolError(response, 401, "InvalidToken");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"rolegate-workers\"");
        assertThat(json(response).get("message").asText()).contains("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        assertThat(rolegate.calls()).isEmpty();
    }

    @Test
    void aBlankTokenIsNoToken() throws Exception {
        assertProtocolError(agent.get(PATH, "   "), 401, "InvalidToken");
        assertThat(rolegate.calls()).isEmpty();
    }

    @Test
    void anOversizedTokenIsRefusedAsHeadersTooLarge() throws Exception {
        String token = "rgw_" + "a".repeat(CredentialsHandler.MAX_TOKEN_CHARS);

        HttpResponse<String> response = agent.get(PATH, token);

        assertProtocolError(response, 431, "HeadersTooLarge");
        assertThat(response.body()).doesNotContain(token);
        assertThat(rolegate.calls()).isEmpty();
    }

    @Test
    void oversizedHeadersAreRefusedAsHeadersTooLarge() throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(agent.uri(PATH)).header("Authorization", TOKEN);
        for (int i = 0; i < 5; i++) {
            request.header("X-Padding-" + i, "p".repeat(8000));
        }

        assertProtocolError(agent.send(request), 431, "HeadersTooLarge");
        assertThat(rolegate.calls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/latest/meta-data/iam/security-credentials/", "/v1/container-credentials/acme", "/v1/container-credentials/acme/",
            "/v1/container-credentials/acme/production/extra", "/v1/container-credentials/../production", "/v1/container-credentials/acme/..",
            "/v1/container-credentials/acme/a%2Fb", "/v1/credentials", "/v2/container-credentials/acme/production"})
    void unknownPathsAreNotFound(String path) throws Exception {
        assertProtocolError(agent.get(path, TOKEN), 404, "NotFound");
        assertThat(rolegate.calls()).isEmpty();
    }

    @Test
    void otherMethodsAreNotAllowed() throws Exception {
        HttpResponse<String> response = agent.send(HttpRequest.newBuilder(agent.uri(PATH)).header("Authorization", TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertProtocolError(response, 405, "MethodNotAllowed");
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertThat(rolegate.calls()).isEmpty();
    }

    @Test
    void aMinimumValidityThatIsNotANumberIsAnInvalidRequest() throws Exception {
        assertProtocolError(agent.get(PATH + "?minValiditySeconds=soon", TOKEN), 400, "InvalidRequest");
        assertThat(rolegate.calls()).isEmpty();
    }

    @Test
    void rolegatesRefusalIsPassedThroughWithBothSpellingsAndAChallenge() throws Exception {
        rolegate.answer(call -> Reply.json(401, "{\"code\":\"InvalidToken\",\"message\":\"Unknown, expired or revoked worker token\"}"));

        HttpResponse<String> response = agent.get(PATH, TOKEN);

        assertProtocolError(response, 401, "InvalidToken");
        assertThat(json(response).get("Message").asText()).isEqualTo("Unknown, expired or revoked worker token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void rolegatesHeadersAndFieldsArePassedThrough() throws Exception {
        rolegate.answer(call -> new Reply(503, "application/json", Map.of("Retry-After", "7", "WWW-Authenticate", "ignored on 503"),
                "{\"Code\":\"ServiceUnavailable\",\"Message\":\"STS unavailable\",\"requestId\":\"r-1\"}"));

        HttpResponse<String> response = agent.get(PATH, TOKEN);

        assertProtocolError(response, 503, "ServiceUnavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(json(response).get("requestId").asText()).isEqualTo("r-1");
        assertThat(json(response).get("message").asText()).isEqualTo("STS unavailable");
    }

    @Test
    void rolegateDownIsServiceUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (AgentHttp orphan = AgentHttp.start(URI.create("http://127.0.0.1:" + closedPort), Map.of())) {
            HttpResponse<String> response = orphan.get(PATH, TOKEN);

            assertUnavailable(response);
            assertThat(json(response).get("message").asText()).contains("could not be reached");
        }
    }

    @Test
    void rolegateAcceptingButNeverAnsweringIsServiceUnavailable() throws Exception {
        try (ServerSocket silent = new ServerSocket(0); AgentHttp orphan = AgentHttp.start(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                Map.of("UPSTREAM_TIMEOUT", "PT0.5S"))) {
            HttpResponse<String> response = orphan.get(PATH, TOKEN);

            assertUnavailable(response);
            assertThat(json(response).get("message").asText()).contains("did not answer within 500 ms");
        }
    }

    @Test
    void rolegateAnsweringTooSlowlyIsServiceUnavailable() throws Exception {
        rolegate.answer(call -> {
            sleep(2000);
            return Reply.credentials(Instant.now().plusSeconds(3600));
        });

        try (AgentHttp impatient = AgentHttp.start(rolegate.url(), Map.of("UPSTREAM_TIMEOUT", "PT0.5S"))) {
            assertUnavailable(impatient.get(PATH, TOKEN));
        }
    }

    @Test
    void aConnectionDroppedMidAnswerIsServiceUnavailable() throws Exception {
        Reply whole = Reply.credentials(Instant.now().plusSeconds(3600));
        rolegate.answer(call -> new Reply(200, "application/json", Map.of(FakeRolegate.DECLARED_LENGTH, String.valueOf(whole.body().length() + 50)), whole.body()));

        assertUnavailable(agent.get(PATH, TOKEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "200|text/html|<html><body><h1>Welcome to nginx!</h1></body></html>",
            "200|application/json|{\"AccessKeyId\":\"ASIAFAKEROLEGATE0001\",\"SecretAccessKey\":\"fakeSecretAccessKeyNeverInAnError000000\",\"Tok",
            "200|application/json|{\"AccessKeyId\":\"ASIAFAKEROLEGATE0001\",\"SecretAccessKey\":\"fakeSecretAccessKeyNeverInAnError000000\"}",
            "200|application/json|{\"AccessKeyId\":\"ASIAFAKEROLEGATE0001\",\"SecretAccessKey\":\"fakeSecretAccessKeyNeverInAnError000000\",\"Token\":\"t\",\"Expiration\":\"tomorrow\"}",
            "200|application/json|[]",
            "200|application/json|",
            "200|application/json|{\"AccessKeyId\":\"ASIAFAKEROLEGATE0001\",\"SecretAccessKey\":\"fakeSecretAccessKeyNeverInAnError000000\",\"Token\":\"t\",\"Expiration\":\"2030-01-01T00:00:00Z\"} trailing",
            "502|text/html|<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
            "500|application/json|",
            "503|text/plain|upstream connect error or disconnect/reset before headers. reset reason: connection failure",
            "404|application/json|{\"error\":\"not found\"}",
            "302|text/html|<a href=\"/login\">Found</a>",
            "401|text/html|<html>Unauthorized</html>"})
    void anAnswerOutsideTheProtocolIsServiceUnavailableWithoutCredentials(String scripted) throws Exception {
        String[] parts = scripted.split("\\|", 3);
        rolegate.answer(call -> new Reply(Integer.parseInt(parts[0]), parts[1], Map.of(), parts[2]));

        assertUnavailable(agent.get(PATH, TOKEN));
    }

    @Test
    void anAnswerLongerThanAnyRolegateAnswerIsServiceUnavailable() throws Exception {
        rolegate.answer(call -> Reply.json(200, "{\"padding\":\"" + "x".repeat(RolegateClient.MAX_BODY_BYTES) + "\"}"));

        HttpResponse<String> response = agent.get(PATH, TOKEN);

        assertUnavailable(response);
        assertThat(json(response).get("message").asText()).contains("longer than");
    }

    @Test
    void aHeadRequestIsNotAllowedAndGetsNoBody() throws Exception {
        HttpResponse<String> response = agent.send(HttpRequest.newBuilder(agent.uri(PATH)).header("Authorization", TOKEN)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).isEmpty();
        assertThat(rolegate.calls()).isEmpty();
    }

    @Test
    void aClientSendingItsHeadersSlowlyDoesNotBlockOthers() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", agent.agent.port())) {
            OutputStream out = slow.getOutputStream();
            out.write(("GET " + PATH + " HTTP/1.1\r\nHost: agent\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertThat(agent.get(PATH, TOKEN).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void metricsCountAnswersByOutcomeAndCacheUse() throws Exception {
        agent.get(PATH, TOKEN);
        agent.get(PATH, TOKEN);
        agent.get(PATH, null);

        HttpResponse<String> metrics = agent.admin("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body()).contains("rolegate_agent_requests_total{outcome=\"credentials\"} 2\n",
                "rolegate_agent_requests_total{outcome=\"refused_by_agent\"} 1\n", "rolegate_agent_cache_hits_total 1\n",
                "rolegate_agent_cache_misses_total 1\n", "rolegate_agent_upstream_seconds_count 1\n", "rolegate_agent_cache_entries 1\n");
    }

    @Test
    void healthIsUpOnceListening() throws Exception {
        assertThat(agent.admin("/health/live").statusCode()).isEqualTo(200);
        assertThat(agent.admin("/health/ready").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(agent.admin("/nothing").statusCode()).isEqualTo(404);
    }

    private static void assertUnavailable(HttpResponse<String> response) throws IOException {
        assertProtocolError(response, 503, "ServiceUnavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).doesNotContain(FakeRolegate.ACCESS_KEY_ID, FakeRolegate.SECRET, "AccessKeyId", "nginx", "<html");
    }

    /** A container-protocol error: both spellings of code and message, no-store, and never the token. */
    private static void assertProtocolError(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("Code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank().isEqualTo(body.get("Message").asText());
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).doesNotContain(TOKEN, "SecretAccessKey");
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return AgentHttp.json(response);
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
