package dev.rolegate.http;

import static dev.rolegate.testsupport.PortalApi.newProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.RawHttp;
import dev.rolegate.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What rolegate answers below the REST layer: every refusal it can shape is a problem document;
 * the few Vert.x answers before any hook are pinned here so a change in them is noticed.
 */
@QuarkusTest
class TransportProblemsTest {

    private static final Path TEST_LOG = Path.of("target/rolegate-test.log");

    @Test
    void targetLongerThanRolegatesLimitIsA414Problem() {
        RawHttp.Response response = RawHttp.request("GET", "/v1/projects/" + "a".repeat(5000)).send(RestAssured.port);

        assertProblem(response, 414, "longer than 4096 characters");
    }

    @Test
    void targetBeyondVertxsOwnLimitGetsVertxsEmpty414() {
        RawHttp.Response response = RawHttp.request("GET", "/v1/projects/" + "a".repeat(20_000)).send(RestAssured.port);

        assertThat(response.status()).isEqualTo(414);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void headersLargerThanRolegatesLimitAreA431Problem() {
        RawHttp.Response response = RawHttp.request("GET", "/v1/projects/acme").header("X-Padding", "p".repeat(20_000)).send(RestAssured.port);

        assertProblem(response, 431, "larger than 16384 bytes");
    }

    @Test
    void headersBeyondVertxsOwnLimitGetVertxsEmpty431() {
        RawHttp.Response response = RawHttp.request("GET", "/v1/projects/acme").header("X-Padding", "p".repeat(70_000)).send(RestAssured.port);

        assertThat(response.status()).isEqualTo(431);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void http11RequestWithoutHostIsA400ProblemWithoutExceptionNames() {
        RawHttp.Response response = RawHttp.bare("GET", "/v1/projects/acme", "HTTP/1.1").header("Connection", "close").send(RestAssured.port);

        assertProblem(response, 400, "malformed");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("Host' header");
    }

    @Test
    void http10RequestWithoutHostIsAnsweredLikeAnyOtherNotWithA500() {
        RawHttp.Response response = RawHttp.bare("GET", "/v1/projects/acme", "HTTP/1.0").send(RestAssured.port);

        assertProblem(response, 401, "bearer token");
    }

    @Test
    void optionsIsA405ProblemThatStillListsTheAllowedMethods() {
        RawHttp.Response response = RawHttp.request("OPTIONS", "/v1/projects/acme").send(RestAssured.port);

        assertProblem(response, 405, "OPTIONS is not supported");
        assertThat(response.header("Allow")).contains("GET").contains("PUT").doesNotContain("OPTIONS");
    }

    @Test
    void optionsUnderTheContainerPathAnswersInTheContainerFormat() {
        RawHttp.Response response = RawHttp.request("OPTIONS", "/v1/container-credentials/acme/production").send(RestAssured.port);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.body()).contains("\"code\":\"MethodNotAllowed\"").contains("\"message\"");
    }

    @Test
    void chunkedBodyWithinTheLimitIsRead() {
        String project = newProject();

        RawHttp.Response response = RawHttp.request("PUT", "/v1/projects/" + project).header("Authorization", "Bearer " + TestTokens.portal())
                .header("Content-Type", "application/json").chunkedBody("{\"displayName\":\"Sent in chunks\"}".getBytes(StandardCharsets.UTF_8))
                .send(RestAssured.port);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("Sent in chunks");
    }

    @Test
    void chunkedBodyOverTheLimitIsA413ProblemAndLogsNoError() throws IOException {
        long errorsBefore = errorLines();

        RawHttp.Response response = RawHttp.request("POST", "/v1/credentials").header("Content-Type", "application/json")
                .chunkedBody(new byte[2 << 20]).send(RestAssured.port);

        assertProblem(response, 413, "larger than 16384 bytes");
        assertThat(errorLines()).as("no stack trace for a refused body").isEqualTo(errorsBefore);
    }

    @Test
    void chunkedBodyJustOverTheLimitIsA413Problem() {
        byte[] body = ("{\"displayName\":\"" + "x".repeat(16_384) + "\"}").getBytes(StandardCharsets.UTF_8);

        RawHttp.Response response = RawHttp.request("PUT", "/v1/projects/acme").header("Authorization", "Bearer " + TestTokens.portal())
                .header("Content-Type", "application/json").chunkedBody(body).send(RestAssured.port);

        assertProblem(response, 413, "larger than 16384 bytes");
    }

    @Test
    void malformedPercentEscapeIsRefusedByVertxBeforeAnyHook() {
        RawHttp.Response response = RawHttp.request("GET", "/v1/projects/a%zz").send(RestAssured.port);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void controlCharacterInAHeaderIsRefusedByVertxBeforeAnyHook() {
        RawHttp.Response response = RawHttp.request("GET", "/v1/projects/acme").header("X-Request-Id", "a\u0001b").send(RestAssured.port);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEmpty();
    }

    private static void assertProblem(RawHttp.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + status).contains(detail);
    }

    private static long errorLines() throws IOException {
        if (!Files.exists(TEST_LOG)) {
            return 0;
        }
        try (var lines = Files.lines(TEST_LOG, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(" ERROR ")).count();
        }
    }
}
