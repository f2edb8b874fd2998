package dev.rolegate.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/credential-process run by {@code sh} against a stub answering with rolegate's own bodies (serialised from
 * {@link Problem} and {@link CredentialProcessOutput} by Jackson, as rolegate does): stdout carries the credentials,
 * stderr rolegate's message, and the exit status says which.
 */
class CredentialProcessScriptTest {

    private static final Path SCRIPT = Path.of("scripts/credential-process");
    private static final String PATH = "/v1/credential-process/acme/prod";
    private static final String TOKEN = "rgw_" + "A".repeat(43);

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private WireMockServer rolegate;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        rolegate = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        rolegate.start();
    }

    @AfterEach
    void stop() {
        rolegate.stop();
    }

    @Test
    void printsTheCredentialProcessJsonAndSendsTheTokenOfAFileWithoutItsTrailingNewline() throws Exception {
        String credentials = json.writeValueAsString(new CredentialProcessOutput(1, "ASIAEXAMPLE", "secret", "session", "2026-11-30T23:00:00Z"));
        rolegate.stubFor(get(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(credentials)));
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");

        Run run = run(Map.of("ROLEGATE_TOKEN_FILE", tokenFile.toString()));

        assertThat(run.exit).as(run.stderr).isZero();
        assertThat(run.stdout).isEqualTo(credentials);
        assertThat(run.stderr).isEmpty();
        rolegate.verify(1, getRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aRefusalPrintsRolegatesDetailToStderrAndExitsNonZero() throws Exception {
        Problem refused = Problem.of(ProblemType.FORBIDDEN, "No grant allows this identity to use this account", PATH);
        stubError(403, Problem.MEDIA_TYPE, json.writeValueAsString(refused));

        Run run = run(Map.of("ROLEGATE_TOKEN", TOKEN));

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.stdout).isEmpty();
        assertThat(run.stderr).contains("HTTP 403 Forbidden: No grant allows this identity to use this account").doesNotContain(TOKEN);
    }

    @Test
    void quotesInTheDetailAreUnescaped() throws Exception {
        Problem conflict = Problem.of(ProblemType.CONFLICT, "Account 'prod' is PENDING; the \"portal\" must verify it", PATH);
        stubError(409, Problem.MEDIA_TYPE, json.writeValueAsString(conflict));

        Run run = run(Map.of("ROLEGATE_TOKEN", TOKEN));

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.stderr).contains("HTTP 409 Conflict: Account 'prod' is PENDING; the \"portal\" must verify it");
    }

    @Test
    void aContainerFormatErrorShowsItsCodeAndMessage() throws Exception {
        stubError(503, "application/json", json.writeValueAsString(ContainerError.of(
                dev.rolegate.protocol.ContainerErrorCode.SERVICE_UNAVAILABLE, "STS could not issue credentials; retry shortly")));

        Run run = run(Map.of("ROLEGATE_TOKEN", TOKEN));

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.stderr).contains("HTTP 503 ServiceUnavailable: STS could not issue credentials; retry shortly");
    }

    @Test
    void anAnswerWithoutAMessageStillSaysWhatCameBack() {
        stubError(502, "text/html", "<html>Bad gateway</html>");

        Run run = run(Map.of("ROLEGATE_TOKEN", TOKEN));

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.stderr).contains("HTTP 502").contains("<html>Bad gateway</html>");
    }

    @Test
    void withoutATokenItSaysWhichVariablesToSetAndCallsNobody() {
        Run run = run(Map.of());

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.stderr).contains("ROLEGATE_TOKEN_FILE").contains("ROLEGATE_TOKEN");
        assertThat(rolegate.getAllServeEvents()).isEmpty();
    }

    @Test
    void anUnreachableRolegateIsReportedOnStderr() {
        int port = rolegate.port();
        rolegate.stop();

        Run run = run(Map.of("ROLEGATE_TOKEN", TOKEN), "http://127.0.0.1:" + port);

        assertThat(run.exit).isNotZero();
        assertThat(run.stderr).contains("cannot reach http://127.0.0.1:" + port + PATH).doesNotContain(TOKEN);
    }

    @Test
    void anAccountNameWithSpacesAndOtherCharactersIsPercentEncodedInThePath() throws Exception {
        String credentials = json.writeValueAsString(new CredentialProcessOutput(1, "ASIAEXAMPLE", "secret", "session", "2026-11-30T23:00:00Z"));
        String encoded = "/v1/credential-process/acme/eu%20prod%2Fblue%C3%BC~x";
        rolegate.stubFor(get(urlEqualTo(encoded)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(credentials)));

        Run run = run(Map.of("ROLEGATE_TOKEN", TOKEN), "http://127.0.0.1:" + rolegate.port(), "eu prod/blue\u00fc~x");

        assertThat(run.exit).as(run.stderr).isZero();
        assertThat(run.stdout).isEqualTo(credentials);
        rolegate.verify(1, getRequestedFor(urlEqualTo(encoded)));
    }

    private void stubError(int status, String contentType, String body) {
        rolegate.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withStatus(status).withHeader("Content-Type", contentType).withBody(body)));
    }

    private Run run(Map<String, String> env) {
        return run(env, "http://127.0.0.1:" + rolegate.port());
    }

    private Run run(Map<String, String> env, String base) {
        return run(env, base, "prod");
    }

    private Run run(Map<String, String> env, String base, String account) {
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of("sh", SCRIPT.toString(), base, "acme", account));
            builder.environment().keySet().removeIf(name -> name.startsWith("ROLEGATE_"));
            builder.environment().putAll(env);
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("credential-process did not finish");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Run(int exit, String stdout, String stderr) {
    }
}
