package dev.rolegate.broker;

import static dev.rolegate.testsupport.Await.awaitUntil;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.rolegate.account.AwsAccount;
import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.DatabaseFingerprint;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.testsupport.TransactionCounter;
import dev.rolegate.testsupport.Workers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the broker reveals before and instead of credentials: nothing to an anonymous caller, nothing that tells a
 * missing account from a forbidden one, and no request read outside its bounds. And how little a cold issuance costs.
 */
@QuarkusTest
class BrokerRefusalTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TransactionCounter transactions;
    @Inject
    EntityManagerFactory persistence;

    private final FakeSts sts = FakeStsResource.fake();
    private String project;
    private UUID granted;
    private UUID ungranted;
    private Workers.Token worker;

    @BeforeEach
    void twoAccountsOneGranted() {
        MutableClock.shared().reset();
        sts.reset();
        project = newProject();
        granted = Accounts.connected(sts, project, randomRoleArn(), 3600, 3600);
        ungranted = Accounts.connected(sts, project, randomRoleArn(), 3600, 3600);
        worker = Workers.newToken(project);
        Workers.grant(project, worker, granted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"projectId\":\"BAD PROJECT\"}", "not json at all", "[]"})
    void anAnonymousCallerLearnsNothingFromValidatingItsBody(String body) {
        given().contentType(ContentType.JSON).body(body).post("/v1/credentials").then()
                .statusCode(401).contentType("application/problem+json").body("errors", org.hamcrest.Matchers.nullValue());
        given().header("Authorization", "Bearer rgw_" + "A".repeat(43)).contentType(ContentType.JSON).body(body).post("/v1/credentials").then()
                .statusCode(401);
    }

    @Test
    void aMissingAccountIsRefusedExactlyLikeAnUngrantedOne() {
        Map<String, Object> forbidden = refusal(ungranted.toString());
        // The worker authenticated, so its token's last use is written (once a minute, in the background); then nothing more.
        awaitUntil("the token's use is recorded", () -> Sql.queryLong(dataSource,
                "select count(*) from worker_token where id = ?::uuid and last_used_at is not null", worker.id()) == 1);
        String fingerprint = DatabaseFingerprint.of(dataSource);
        Map<String, Object> missing = refusal("no-such-account");
        Map<String, Object> missingId = refusal(UUID.randomUUID().toString());

        assertThat(missing).isEqualTo(forbidden).isEqualTo(missingId);
        assertThat(refusal(ungranted.toString())).isEqualTo(forbidden);
        assertThat(DatabaseFingerprint.of(dataSource)).isEqualTo(fingerprint);
        given().header("Authorization", worker.secret()).get("/v1/container-credentials/{p}/{a}", project, "no-such-account").then()
                .statusCode(403).body("code", equalTo("AccessDenied"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-2147483648", "59", "43201", "99999999999", "abc", "1e3", "3600.5", "0x258"})
    void minimumValidityOutsideItsBoundsIsRefusedOnEveryGetFormat(String minValidity) {
        given().header("Authorization", worker.secret()).queryParam("minValiditySeconds", minValidity)
                .get("/v1/credential-process/{p}/{a}", project, granted).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("minValiditySeconds"));
        given().header("Authorization", worker.secret()).queryParam("minValiditySeconds", minValidity)
                .get("/v1/container-credentials/{p}/{a}", project, granted).then()
                .statusCode(400).contentType(ContentType.JSON).body("code", equalTo("InvalidRequest"));
        assertThat(sts.calls("AssumeRole")).as("only the two verifications").hasSize(2);
    }

    @Test
    void aColdIssuanceOpensFiveTransactionsAndReadsTheAccountRowTwice() {
        Statistics statistics = persistence.unwrap(SessionFactory.class).getStatistics();
        statistics.setStatisticsEnabled(true);
        statistics.clear();
        int before = transactions.begun();

        given().header("Authorization", worker.secret()).get("/v1/container-credentials/{p}/{a}", project, granted).then().statusCode(200);

        assertThat(transactions.begun() - before).as("token, route, grant, session lease, renewal").isLessThanOrEqualTo(5);
        assertThat(statistics.getEntityStatistics(AwsAccount.class.getName()).getLoadCount())
                .as("once to route the request, once under the session's lease").isEqualTo(2);
        statistics.setStatisticsEnabled(false);
    }

    private Map<String, Object> refusal(String account) {
        ValidatableResponse refused = given().header("Authorization", "Bearer " + worker.secret()).contentType(ContentType.JSON)
                .body(Map.of("projectId", project, "account", account)).post("/v1/credentials").then().statusCode(403);
        Map<String, Object> body = refused.extract().as(Map.class);
        body.remove("instance");
        return body;
    }
}
