package dev.rolegate.http;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.Await;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.RawHttp;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.testsupport.Workers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One correlation id per request: the caller's X-Request-Id when well-formed, else a generated one, echoed in every
 * answer (success, problem+json, the container-credentials format, refusals before JAX-RS), written in the audit row
 * and present in the log context while the request is served.
 */
@QuarkusTest
class RequestIdTest {

    private static final String HEADER = "X-Request-Id";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void wellFormedIdIsEchoedOnSuccess() {
        String id = "portal-" + UUID.randomUUID();

        asPortal().header(HEADER, id).get("/v1/projects/{p}", newProject()).then().statusCode(200).header(HEADER, id);
    }

    @ParameterizedTest(name = "\"{0}\" is replaced")
    @ValueSource(strings = {"", "has space", "quote\"d", "semi;colon", "slash/ed"})
    void malformedIdIsReplacedByAGeneratedOne(String malformed) {
        String echoed = asPortal().header(HEADER, malformed).get("/v1/projects/{p}", "no-such-project").then().statusCode(404)
                .extract().header(HEADER);

        assertThat(UUID.fromString(echoed).version()).isEqualTo(4);
    }

    @Test
    void idLongerThan128CharactersIsReplaced() {
        String tooLong = "a".repeat(RequestIds.MAX_LENGTH + 1);

        String echoed = asPortal().header(HEADER, tooLong).get("/v1/projects/{p}", "no-such-project").then().extract().header(HEADER);

        assertThat(echoed).isNotEqualTo(tooLong);
        assertThat(RequestIds.isWellFormed("a".repeat(RequestIds.MAX_LENGTH))).isTrue();
    }

    @Test
    void missingIdIsGeneratedAndEchoed() {
        String echoed = given().get("/v1/projects/{p}", "any").then().statusCode(401).extract().header(HEADER);

        assertThat(UUID.fromString(echoed).version()).isEqualTo(4);
    }

    @Test
    void problemAndContainerFormatErrorsEchoTheId() {
        given().header(HEADER, "problem-1").get("/v1/projects/{p}", "any").then().statusCode(401)
                .contentType("application/problem+json").header(HEADER, "problem-1");
        given().header(HEADER, "container-1").header("Authorization", "rgw_not-a-token")
                .get("/v1/container-credentials/{p}/{a}", "any", "any").then().statusCode(401)
                .contentType(ContentType.JSON).header(HEADER, "container-1");
    }

    @Test
    void refusalBeforeJaxRsEchoesTheId() {
        RawHttp.Response response = RawHttp.request("GET", "/v1/projects/" + "a".repeat(5000)).header(HEADER, "refused-1").send(RestAssured.port);

        assertThat(response.status()).isEqualTo(414);
        assertThat(response.header(HEADER)).isEqualTo("refused-1");
    }

    @Test
    void portalChangeIsAuditedUnderTheEchoedId() {
        String project = newProject();
        String id = "audit-" + UUID.randomUUID();

        asPortal().header(HEADER, id).contentType(ContentType.JSON).body(Map.of("name", "audited", "region", "eu-west-1"))
                .post("/v1/projects/{p}/aws-accounts/setup", project).then().statusCode(201).header(HEADER, id);

        assertThat(Sql.queryString(dataSource, "select request_id from audit_event where project_id = ? and action = 'ACCOUNT_CREATED'", project))
                .isEqualTo(id);
    }

    @Test
    void issuanceWithAMalformedIdIsAuditedUnderTheGeneratedIdItEchoes() {
        String project = newProject();
        UUID account = Accounts.connected(FakeStsResource.fake(), project, randomRoleArn(), 3600, 3600);
        Workers.Token token = Workers.newToken(project);
        Workers.grant(project, token, account);

        Response answer = given().header("Authorization", "Bearer " + token.secret()).header(HEADER, "not well formed")
                .get("/v1/credential-process/{p}/{a}", project, account.toString());

        assertThat(answer.statusCode()).isEqualTo(200);
        String echoed = answer.header(HEADER);
        assertThat(UUID.fromString(echoed).version()).isEqualTo(4);
        assertThat(Sql.queryString(dataSource, "select request_id from audit_event where project_id = ? and action = 'CREDENTIALS_ISSUED'", project))
                .isEqualTo(echoed);
    }

    @Test
    void aLogLineWrittenWhileServingCarriesTheIdInItsContext() {
        Map<String, String> seen = new ConcurrentHashMap<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext && ext.getMdc(RequestIdFilter.MDC_KEY) != null) {
                    seen.put(ext.getMdc(RequestIdFilter.MDC_KEY), String.valueOf(ext.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger accessLog = Logger.getLogger("io.quarkus.http.access-log");
        accessLog.addHandler(capture);
        try {
            String id = "logged-" + UUID.randomUUID();
            given().header(HEADER, id).get("/v1/projects/{p}", "any").then().statusCode(401);

            Await.awaitUntil("the access log line of " + id, () -> seen.containsKey(id));
            assertThat(seen.get(id)).contains("GET /v1/projects/any 401").contains("request-id=" + id);
        } finally {
            accessLog.removeHandler(capture);
        }
    }
}
