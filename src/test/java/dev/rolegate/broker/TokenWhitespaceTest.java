package dev.rolegate.broker;

import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.LogLines;
import dev.rolegate.testsupport.RawHttp;
import dev.rolegate.testsupport.Workers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens with whitespace around them, sent on a raw socket so no client library trims or refuses them first. Spaces
 * and tabs around the token are ignored. A bare newline ending the header value (a token file's newline sent as is)
 * never reaches rolegate: the HTTP parser refuses the request line block with an empty 400, which echoes nothing and
 * issues nothing. (No AWS SDK sends it: botocore and the JS SDK refuse such a header, the Java SDK's HttpURLConnection
 * too; see README.) A refused token appears in no answer and no log line.
 */
@QuarkusTest
class TokenWhitespaceTest {

    private static final Path TEST_LOG = Path.of("target/rolegate-test.log");

    @TestHTTPResource("/")
    URL base;

    private final FakeSts sts = FakeStsResource.fake();
    private String project;
    private UUID account;
    private Workers.Token worker;

    @BeforeEach
    void grantedWorker() {
        project = newProject();
        account = Accounts.connected(sts, project, randomRoleArn(), 3600, 43200);
        worker = Workers.newToken(project);
        Workers.grant(project, worker, account);
    }

    @Test
    void aContainerTokenWithSpacesAndTabsAroundItIsAccepted() {
        RawHttp.Response response = RawHttp.request("GET", containerPath()).header("Authorization", " \t" + worker.secret() + " \t")
                .send(base.getPort());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"AccessKeyId\"");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void aTokenEndingInABareNewlineIsRefusedByTheHttpParserWithoutEchoOrCredentials() {
        RawHttp.Response response = RawHttp.request("GET", containerPath()).header("Authorization", worker.secret() + "\n").send(base.getPort());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain(worker.secret()).doesNotContain("AccessKeyId");
        assertThat(response.headers().toString()).doesNotContain(worker.secret());
    }

    @Test
    void spacesAndTabsAroundABearerTokenAreIgnoredOnTheCredentialProcessRoute() {
        RawHttp.Response response = RawHttp.request("GET", "/v1/credential-process/" + project + "/" + account)
                .header("Authorization", "Bearer \t" + worker.secret() + " \t").send(base.getPort());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"SessionToken\"");
    }

    @Test
    void aRefusedTokenWithWhitespaceIsEchoedInNoAnswerHeaderOrLogLine() throws IOException {
        String unknown = "rgw_" + "Zz9-_".repeat(8) + "abc";
        String jwtLike = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6eDp5In0.c2lnbmF0dXJl";
        long logBefore = logLength();

        for (String token : new String[] {unknown, jwtLike}) {
            RawHttp.Response response = RawHttp.request("GET", containerPath()).header("Authorization", token + " \t").send(base.getPort());

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).isEqualTo(CredentialResponseHeaders.CHALLENGE);
            assertThat(response.body()).contains("\"Code\":\"InvalidToken\"").doesNotContain(token);
            assertThat(response.headers().toString()).doesNotContain(token);
        }

        LogLines written = LogLines.between(Files.readString(TEST_LOG, StandardCharsets.UTF_8), (int) logBefore, Integer.MAX_VALUE);
        assertThat(written.lines()).noneMatch(line -> line.contains(unknown) || line.contains(jwtLike) || line.contains("c2lnbmF0dXJl"));
    }

    private String containerPath() {
        return "/v1/container-credentials/" + project + "/" + account;
    }

    private static long logLength() throws IOException {
        return Files.exists(TEST_LOG) ? Files.readString(TEST_LOG, StandardCharsets.UTF_8).length() : 0;
    }
}
