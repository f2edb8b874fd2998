package dev.rolegate.broker;

import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.Workers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the AWS SDK for JavaScript v3 requires of the container-credentials endpoint, from its sources
 * ({@code @aws-sdk/credential-provider-http} 3.972 {@code getCredentials}, {@code @smithy/credential-provider-imds} 4.5
 * {@code isImdsCredentials}): AccessKeyId, SecretAccessKey, Token and Expiration as strings; Expiration matching
 * {@code parseRfc3339DateTime}'s pattern (UTC, "Z", no offset) and readable by {@code new Date()}; on a 4xx, Code and
 * Message in the body, which fromHttp copies onto the error it throws. scripts/sdk-check runs the real SDK.
 */
@QuarkusTest
class JsSdkContractTest {

    /** {@code RFC3339} of {@code @smithy/core/serde}, which parseRfc3339DateTime requires; an offset instead of Z fails. */
    private static final Pattern JS_RFC3339 = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})[tT](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?[zZ]$");

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
    void credentialsHaveTheFourStringFieldsAndAnExpirationBothJsParsersRead() {
        Map<String, Object> body = given().header("Authorization", worker.secret()).get(path(account.toString()))
                .then().statusCode(200).extract().jsonPath().getMap("");

        for (String field : new String[] {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}) {
            assertThat(body.get(field)).as(field).isInstanceOf(String.class);
        }
        String expiration = (String) body.get("Expiration");
        assertThat(expiration).matches(JS_RFC3339);
        assertThat(Instant.parse(expiration)).isAfter(Instant.now());
    }

    @Test
    void everyRefusalTheJsSdkCanReportCarriesCodeAndMessage() {
        assertJsError(given().header("Authorization", "rgw_" + "A".repeat(43)).get(path(account.toString())), 401, "InvalidToken");
        assertJsError(given().header("Authorization", worker.secret()).get(path(UUID.randomUUID().toString())), 403, "AccessDenied");
        assertJsError(given().header("Authorization", worker.secret()).queryParam("minValiditySeconds", "7").get(path(account.toString())),
                400, "InvalidRequest");
        assertJsError(given().header("Authorization", worker.secret()).get(path(account.toString()) + "/extra"), 404, "NotFound");
        assertJsError(given().header("Authorization", worker.secret()).head(path(account.toString())), 405, "MethodNotAllowed");
    }

    private static void assertJsError(Response response, int status, String code) {
        response.then().statusCode(status).header("Cache-Control", "no-store");
        if (response.getBody().asString().isEmpty()) {
            // HEAD answers carry no body by definition; the code is checked on the GET forms.
            assertThat(status).isEqualTo(405);
            return;
        }
        Map<String, Object> body = response.jsonPath().getMap("");
        assertThat(body.get("Code")).as(response.asString()).isEqualTo(code);
        assertThat(body.get("Message")).as(response.asString()).isInstanceOf(String.class).isEqualTo(body.get("message"));
        assertThat(body.get("code")).isEqualTo(code);
    }

    private String path(String accountRef) {
        return "/v1/container-credentials/" + project + "/" + accountRef;
    }
}
