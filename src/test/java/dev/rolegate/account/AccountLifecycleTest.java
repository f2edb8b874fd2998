package dev.rolegate.account;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.connect;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static dev.rolegate.testsupport.PortalApi.setup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.rolegate.session.CachedSession;
import dev.rolegate.session.ColdFetch;
import dev.rolegate.session.SessionKey;
import dev.rolegate.session.SessionRefresher;
import dev.rolegate.session.SessionScope;
import dev.rolegate.session.SessionStore;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeSts.Scripted;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.SecretLedger;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.testsupport.Workers;
import dev.rolegate.time.Deadline;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a status or role change means for serving, on the replica that made it: served (or refused) at once,
 * transient STS trouble never takes a healthy account out of service, and a new role never serves the old one's sessions.
 */
@QuarkusTest
class AccountLifecycleTest {

    /** Past every decision cache's 30 s bound. */
    private static final Duration PAST_CACHE_BOUND = Duration.ofSeconds(31);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SessionStore store;
    @Inject
    SessionRefresher refresher;

    private final FakeSts sts = FakeStsResource.fake();
    private final MutableClock clock = MutableClock.shared();
    private String project;
    private String roleArn;
    private String externalId;
    private String account;
    private Workers.Token worker;

    @BeforeEach
    void connectedAccountWithAGrantedWorker() {
        clock.reset();
        sts.reset();
        project = newProject();
        roleArn = randomRoleArn();
        externalId = "ext-" + UUID.randomUUID();
        sts.createRole(roleArn, externalId, 3600);
        account = register(roleArn).statusCode(201).body("status", equalTo("CONNECTED")).extract().path("id");
        worker = Workers.newToken(project);
        Workers.grant(project, worker, UUID.fromString(account));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anAccountVerifiedBackToConnectedIsServedAtOnce() {
        sts.deleteRole(roleArn);
        verify().statusCode(200).body("status", equalTo("ACCESS_DENIED"));
        clock.advance(PAST_CACHE_BOUND);
        containerCredentials().statusCode(409);

        sts.createRole(roleArn, externalId, 3600);
        verify().statusCode(200).body("status", equalTo("CONNECTED"));

        containerCredentials().statusCode(200).body("AccessKeyId", notNullValue());
    }

    @Test
    void aDisconnectedAccountIsRefusedAtOnceEvenWhenItsRouteWasCached() {
        containerCredentials().statusCode(200);
        asPortal().delete("/v1/projects/{p}/aws-accounts/{a}", project, account).then().statusCode(204);

        containerCredentials().statusCode(409);
    }

    @Test
    void throttlingDuringAManualVerifyNeitherDemotesAConnectedAccountNorPurgesItsSessions() {
        String served = containerCredentials().statusCode(200).extract().path("AccessKeyId");
        int assumeRolesBefore = sts.calls("AssumeRole").size();
        sts.enqueue("AssumeRole", Scripted.throttling(), Scripted.throttling(), Scripted.throttling());

        verify().statusCode(503).header("Retry-After", notNullValue()).contentType("application/problem+json");

        asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, account).then().body("status", equalTo("CONNECTED"));
        String after = containerCredentials().statusCode(200).extract().path("AccessKeyId");
        assertThat(after).as("the stored session stayed in service").isEqualTo(served);
        assertThat(sts.calls("AssumeRole")).as("no new session was needed").hasSize(assumeRolesBefore + 3);
        List<Map<String, Object>> history = asPortal().get("/v1/projects/{p}/aws-accounts/{a}/status-history", project, account)
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(history.get(history.size() - 1)).containsEntry("from", "CONNECTED").containsEntry("to", "CONNECTED");
        assertThat((String) history.get(history.size() - 1).get("reason")).contains("Throttling");
        assertThat(Sql.queryLong(dataSource, "select count(*) from audit_event where account_id = ? and action = 'ACCOUNT_VERIFIED' and detail like 'inconclusive%'",
                UUID.fromString(account))).as("the attempt is audited").isEqualTo(1);
    }

    @Test
    void anStsOutageDuringAManualVerifyKeepsTheAccountServed() {
        containerCredentials().statusCode(200);
        sts.enqueue("AssumeRole", Scripted.serviceUnavailable(), Scripted.serviceUnavailable(), Scripted.serviceUnavailable());

        verify().statusCode(503).header("Retry-After", notNullValue());

        assertThat(Sql.queryLong(dataSource, "select count(*) from aws_session where account_id = ?", UUID.fromString(account))).isEqualTo(1);
        containerCredentials().statusCode(200);
    }

    @Test
    void anStsOutageDuringAVerifyOfARefusedAccountKeepsItsVerdictAndMessage() {
        sts.deleteRole(roleArn);
        verify().statusCode(200).body("status", equalTo("ACCESS_DENIED"));
        String refusal = asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, account).then().extract().path("lastError");
        sts.enqueue("AssumeRole", Scripted.serviceUnavailable(), Scripted.serviceUnavailable(), Scripted.serviceUnavailable());

        verify().statusCode(503).header("Retry-After", notNullValue());

        asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, account).then()
                .body("status", equalTo("ACCESS_DENIED")).body("lastError", equalTo(refusal));
    }

    @Test
    void connectingTheAccountToAnotherRoleStopsServingTheOldRolesSessionsAtOnce() {
        containerCredentials().statusCode(200);
        String newRole = roleArn.replace("RolegateAccess-test", "RolegateAccess-replacement");
        sts.createRole(newRole, externalId, 3600);

        connect(project, account, newRole).statusCode(200).body("status", equalTo("CONNECTED")).body("roleArn", equalTo(newRole));

        String issued = containerCredentials().statusCode(200).extract().path("AccessKeyId");
        assertThat(sts.issued(issued).orElseThrow().roleArn()).isEqualTo(newRole);
        List<Map<String, Object>> history = asPortal().get("/v1/projects/{p}/aws-accounts/{a}/status-history", project, account)
                .then().extract().jsonPath().getList("$");
        assertThat(history).extracting(h -> h.get("to")).containsSubsequence("CONNECTED", "PENDING_SETUP", "CONNECTED");
    }

    @Test
    void credentialsOfTheOldRoleStoredAfterARoleChangeAreNeverServed() {
        UUID id = UUID.fromString(account);
        SessionKey key = SessionKey.unscoped(id);
        // A cold fetch on some replica read the account while it still had the old role, and took the session's lease.
        ColdFetch.Leased leased = (ColdFetch.Leased) store.prepare(key, SessionScope.EMPTY, "replica-x", clock.instant(), Duration.ZERO);
        String newRole = roleArn.replace("RolegateAccess-test", "RolegateAccess-replacement");
        sts.createRole(newRole, externalId, 3600);
        connect(project, account, newRole).statusCode(200).body("status", equalTo("CONNECTED"));
        // Its placeholder commits only now, after the role change purged the account's sessions, and its refresh stores the old role's credentials.
        Sql.execute(dataSource, "insert into aws_session (id, account_id, scope_hash, failure_count, next_attempt_at, last_used_at, created_at, lease_owner, "
                + "lease_until) values (?, ?, '', 0, now() + interval '1 hour', now(), now(), 'replica-x', now() + interval '1 minute')", UUID.randomUUID(), id);
        CachedSession stale = refresher.refreshLeased(leased.job(), "replica-x", Deadline.in(Duration.ofSeconds(10))).orElseThrow();
        assertThat(sts.issued(stale.credentials().accessKeyId()).orElseThrow().roleArn()).isEqualTo(roleArn);

        String served = containerCredentials().statusCode(200).extract().path("AccessKeyId");

        assertThat(sts.issued(served).orElseThrow().roleArn()).isEqualTo(newRole);
    }

    @Test
    void setupMaterialSuggestsADifferentRoleNameForEachAccountOfAProject() {
        String first = setup(project, "production", "eu-west-1").statusCode(201).extract().path("setup.roleName");
        String second = setup(project, "staging", "eu-west-1").statusCode(201).extract().path("setup.roleName");

        assertThat(first).isNotEqualTo(second).startsWith("RolegateAccess-" + project).matches("[\\w+=,.@-]{1,64}");
        assertThat(second).matches("[\\w+=,.@-]{1,64}");
    }

    private ValidatableResponse register(String role) {
        SecretLedger.remember(externalId);
        return asPortal().contentType(ContentType.JSON)
                .body(Map.of("name", "acct-" + UUID.randomUUID().toString().substring(0, 8), "roleArn", role, "externalId", externalId,
                        "region", "eu-west-1"))
                .post("/v1/projects/{p}/aws-accounts", project).then();
    }

    private ValidatableResponse verify() {
        return asPortal().post("/v1/projects/{p}/aws-accounts/{a}/verify", project, account).then();
    }

    private ValidatableResponse containerCredentials() {
        return given().header("Authorization", worker.secret()).get("/v1/container-credentials/{p}/{a}", project, account).then();
    }
}
