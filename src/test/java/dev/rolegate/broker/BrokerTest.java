package dev.rolegate.broker;

import static dev.rolegate.testsupport.Await.awaitUntil;
import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static dev.rolegate.testsupport.PortalApi.setup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeSts.Scripted;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.testsupport.Workers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The three hand-off formats, the broker's failure answers, and the audit of every issuance. */
@QuarkusTest
class BrokerTest {

    @Inject
    AgroalDataSource dataSource;
    @TestHTTPResource
    URL base;

    /** Every cache's refresh point falls between half and three quarters of its 30 s ttl. */
    private static final Duration PAST_EVERY_REFRESH_POINT = Duration.ofSeconds(23);

    private final FakeSts sts = FakeStsResource.fake();
    private final MutableClock clock = MutableClock.shared();
    private String project;
    private UUID account;
    private Workers.Token worker;

    @BeforeEach
    void connectedAccountWithAGrantedWorker() {
        clock.reset();
        sts.reset();
        project = newProject();
        account = Accounts.connected(sts, project, randomRoleArn(), 3600, 43200);
        worker = Workers.newToken(project);
        Workers.grant(project, worker, account);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void jsonEndpointIssuesCredentialsAndAuditsThem() {
        Map<String, Object> issued = credentials(Map.of("projectId", project, "account", account.toString()))
                .statusCode(200)
                .body("accessKeyId", notNullValue()).body("secretAccessKey", notNullValue()).body("sessionToken", notNullValue())
                .body("region", equalTo("eu-west-1"))
                .extract().as(Map.class);

        FakeSts.Issued fromSts = sts.issued((String) issued.get("accessKeyId")).orElseThrow();
        assertThat(issued).containsEntry("secretAccessKey", fromSts.secretAccessKey()).containsEntry("sessionToken", fromSts.sessionToken());
        assertThat(Instant.parse((String) issued.get("expiration"))).isEqualTo(fromSts.expiration());
        assertThat(auditRows("CREDENTIALS_ISSUED")).isEqualTo(1);
        assertThat(Sql.queryLong(dataSource, "select count(*) from audit_event where account_id = ? and access_key_id = ?", account, issued.get("accessKeyId")))
                .isEqualTo(1);
        assertThat(auditText()).doesNotContain(fromSts.secretAccessKey()).doesNotContain(fromSts.sessionToken());
    }

    @Test
    void accountMayBeNamedInsteadOfIdentifiedAndTheSecondRequestIsServedFromMemory() {
        String name = asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, account).then().extract().path("name");
        String first = credentials(Map.of("projectId", project, "account", name)).statusCode(200).extract().path("accessKeyId");
        String second = credentials(Map.of("projectId", project, "account", account.toString())).statusCode(200).extract().path("accessKeyId");

        assertThat(second).isEqualTo(first);
        assertThat(refreshCalls()).isEqualTo(1);
        assertThat(auditRows("CREDENTIALS_ISSUED")).isEqualTo(2);
    }

    @Test
    void containerEndpointTakesTheRawTokenAndAnswersInTheProtocolsFormat() {
        given().header("Authorization", worker.secret())
                .get("/v1/container-credentials/{p}/{a}", project, account).then().statusCode(200)
                .body("AccessKeyId", notNullValue()).body("SecretAccessKey", notNullValue()).body("Token", notNullValue())
                .body("AccountId", equalTo(sts.calls("AssumeRole").get(0).parameters().get("RoleArn").split(":")[4]))
                .body("Expiration", org.hamcrest.Matchers.matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    }

    @Test
    void aWarmRequestReadsNoTableAndWaitsOnlyForItsAuditRow() throws Exception {
        String path = "/v1/container-credentials/" + project + "/" + account;
        assertThat(containerStatus(path)).as("the first request loads and caches every decision").isEqualTo(200);
        long audited = auditRows("CREDENTIALS_ISSUED");

        // Any read of these tables now waits for the lock, so an answer within the timeout was served from memory.
        try (var c = dataSource.getConnection(); var lock = c.createStatement()) {
            c.setAutoCommit(false);
            lock.execute("lock table project, aws_account, aws_session, worker_token, worker_grant in access exclusive mode");
            try {
                assertThat(containerStatus(path)).isEqualTo(200);
            } finally {
                c.rollback();
            }
        }
        assertThat(auditRows("CREDENTIALS_ISSUED")).as("the issuance from memory is audited all the same").isEqualTo(audited + 1);
        assertThat(refreshCalls()).isEqualTo(1);
    }

    @Test
    void revokingAWarmTokenTakesEffectAtOnceOnThisReplica() throws Exception {
        String path = "/v1/container-credentials/" + project + "/" + account;
        assertThat(containerStatus(path)).isEqualTo(200);
        assertThat(containerStatus(path)).as("served from memory").isEqualTo(200);

        Workers.revoke(project, worker);

        assertThat(containerStatus(path)).isEqualTo(401);
    }

    @Test
    void deletingAWarmGrantTakesEffectAtOnceOnThisReplica() throws Exception {
        String path = "/v1/container-credentials/" + project + "/" + account;
        assertThat(containerStatus(path)).isEqualTo(200);
        assertThat(containerStatus(path)).as("served from memory").isEqualTo(200);
        String grant = asPortal().get("/v1/projects/{p}/grants", project).then().statusCode(200).extract().path("[0].id");

        asPortal().delete("/v1/projects/{p}/grants/{g}", project, grant).then().statusCode(204);

        assertThat(containerStatus(path)).isEqualTo(403);
    }

    @Test
    void aRequestPastTheRefreshPointIsServedFromMemoryWithoutWaitingForTheReload() throws Exception {
        String path = "/v1/container-credentials/" + project + "/" + account;
        assertThat(containerStatus(path)).isEqualTo(200);

        try (var c = dataSource.getConnection(); var lock = c.createStatement()) {
            c.setAutoCommit(false);
            lock.execute("lock table project, aws_account, aws_session, worker_token, worker_grant in access exclusive mode");
            try {
                clock.advance(PAST_EVERY_REFRESH_POINT);
                assertThat(containerStatus(path)).as("the reloads it starts wait for the lock; the request does not").isEqualTo(200);
                assertThat(containerStatus(path)).isEqualTo(200);
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void aRevocationMadeOnAnotherReplicaIsPickedUpByABackgroundReloadBeforeTheBound() throws Exception {
        String path = "/v1/container-credentials/" + project + "/" + account;
        Instant loaded = clock.instant();
        assertThat(containerStatus(path)).isEqualTo(200);
        // Straight to the database, as another replica would: this replica gets no event to evict on.
        Sql.execute(dataSource, "update worker_token set revoked_at = now() where id = ?", UUID.fromString(worker.id()));

        clock.advance(PAST_EVERY_REFRESH_POINT);
        assertThat(containerStatus(path)).as("within the 30 s bound the cached token is still trusted").isEqualTo(200);

        awaitUntil("the reloaded token is refused", () -> containerStatus(path) == 401);
        assertThat(Duration.between(loaded, clock.instant())).as("refused by the reload, not by the bound").isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void containerEndpointErrorsUseCodeAndMessage() {
        given().header("Authorization", "rgw_not-a-real-token").get("/v1/container-credentials/{p}/{a}", project, account).then()
                .statusCode(401).contentType(ContentType.JSON).body("code", equalTo("InvalidToken")).body("message", notNullValue());
    }

    @Test
    void credentialProcessEndpointAnswersVersionOneWithAnExpiration() {
        given().header("Authorization", "Bearer " + worker.secret())
                .get("/v1/credential-process/{p}/{a}", project, account).then().statusCode(200)
                .body("Version", equalTo(1)).body("SessionToken", notNullValue()).body("Expiration", notNullValue());
    }

    @Test
    void missingRevokedOrUngrantedCallersGetNothingAndNothingIsAudited() {
        credentials(Map.of("projectId", project, "account", account.toString()), null).statusCode(401).contentType("application/problem+json");
        Workers.Token ungranted = Workers.newToken(project);
        credentials(Map.of("projectId", project, "account", account.toString()), ungranted.secret()).statusCode(403);
        Workers.revoke(project, worker);
        // Revocation on this replica takes effect at once; other replicas within the decision cache TTL.
        credentials(Map.of("projectId", project, "account", account.toString())).statusCode(401);

        assertThat(auditRows("CREDENTIALS_ISSUED")).isZero();
        assertThat(refreshCalls()).isZero();
    }

    @Test
    void aTokenOfAnotherProjectIsRefusedEvenWithAGrantAtHome() {
        String otherProject = newProject();
        UUID otherAccount = Accounts.connected(sts, otherProject, randomRoleArn(), 3600, 43200);

        credentials(Map.of("projectId", otherProject, "account", otherAccount.toString())).statusCode(403);
    }

    @Test
    void pendingAccountIsAConflictNotCredentials() {
        String pending = setup(project, "pending", "eu-west-1").statusCode(201).extract().path("account.id");
        Workers.Token all = Workers.newToken(project);
        Workers.grant(project, all);

        credentials(Map.of("projectId", project, "account", pending), all.secret()).statusCode(409).body("detail", org.hamcrest.Matchers.containsString("PENDING_SETUP"));
    }

    @Test
    void stsDownWithNoStoredSessionIs503WithRetryAfterAndNeverTheBrokersOwnIdentity() {
        sts.enqueue("AssumeRole", Scripted.serviceUnavailable(), Scripted.serviceUnavailable(), Scripted.serviceUnavailable());

        credentials(Map.of("projectId", project, "account", account.toString())).statusCode(503).header("Retry-After", notNullValue())
                .body("accessKeyId", org.hamcrest.Matchers.nullValue());
        assertThat(auditRows("CREDENTIALS_ISSUED")).isZero();

        String recovered = given().header("Authorization", worker.secret()).get("/v1/container-credentials/{p}/{a}", project, account).then()
                .statusCode(200).extract().path("AccessKeyId");
        assertThat(sts.issued(recovered)).as("credentials come from the customer's role, never rolegate's own").isPresent();
        assertThat(recovered).isNotEqualTo(FakeSts.BROKER_ACCESS_KEY);
    }

    @Test
    void minimumValidityIsHonouredWithAnInlineRefreshAndCappedAtWhatTheAccountCanGive() {
        Instant firstExpiry = Instant.parse(credentials(Map.of("projectId", project, "account", account.toString())).statusCode(200).extract().path("expiration"));
        clock.advance(Duration.ofMinutes(45));

        Instant secondExpiry = Instant.parse(credentials(Map.of("projectId", project, "account", account.toString(), "minValiditySeconds", 1800))
                .statusCode(200).extract().path("expiration"));
        assertThat(secondExpiry).isAfter(firstExpiry);
        assertThat(Duration.between(clock.instant(), secondExpiry)).isGreaterThanOrEqualTo(Duration.ofMinutes(30));

        credentials(Map.of("projectId", project, "account", account.toString(), "minValiditySeconds", 3590)).statusCode(400)
                .body("errors[0].field", equalTo("minValiditySeconds"));
    }

    @Test
    void scopedRequestsAreValidatedBeforeStsAndStsPolicyErrorsAreTheCallersFault() {
        credentials(Map.of("projectId", project, "account", account.toString(), "sessionPolicy", "x".repeat(2049))).statusCode(400)
                .body("errors[0].field", equalTo("sessionPolicy"));
        credentials(Map.of("projectId", project, "account", account.toString(), "policyArns", List.of("arn:aws:iam::123456789012:role/NotAPolicy")))
                .statusCode(400).body("errors[0].field", equalTo("policyArns"));
        assertThat(refreshCalls()).isZero();

        credentials(Map.of("projectId", project, "account", account.toString(), "sessionPolicy", "{broken")).statusCode(400)
                .body("errors[0].field", equalTo("sessionPolicy")).body("detail", org.hamcrest.Matchers.containsString("IAM policy document"));
        assertThat(refreshCalls()).isZero();

        String largePolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::"
                + "b".repeat(1400) + "/*\"}]}";
        List<String> fiveArns = List.of("arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B", "arn:aws:iam::aws:policy/C",
                "arn:aws:iam::aws:policy/D", "arn:aws:iam::aws:policy/E");
        credentials(Map.of("projectId", project, "account", account.toString(), "sessionPolicy", largePolicy, "policyArns", fiveArns)).statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("PackedPolicyTooLarge"));
        credentials(Map.of("projectId", project, "account", account.toString(), "sessionPolicy", "{\"Version\":\"2012-10-17\",\"Statement\":[]}"))
                .statusCode(200);
    }

    @Test
    void auditStoreDownMeans503AndNoCredentials() {
        Sql.execute(dataSource, "alter table audit_event rename to audit_event_offline");
        try {
            credentials(Map.of("projectId", project, "account", account.toString())).statusCode(503).header("Retry-After", notNullValue())
                    .body("accessKeyId", org.hamcrest.Matchers.nullValue());
        } finally {
            Sql.execute(dataSource, "alter table audit_event_offline rename to audit_event");
        }
        credentials(Map.of("projectId", project, "account", account.toString())).statusCode(200);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private ValidatableResponse credentials(Map<String, Object> body) {
        return credentials(body, "Bearer " + worker.secret());
    }

    private static ValidatableResponse credentials(Map<String, Object> body, String authorization) {
        var request = given().contentType(ContentType.JSON).body(new HashMap<>(body));
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.post("/v1/credentials").then();
    }

    /** With a deadline, so a request stuck behind a table lock fails the test instead of hanging it. */
    private int containerStatus(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path)).timeout(Duration.ofSeconds(5))
                .header("Authorization", worker.secret()).build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long auditRows(String action) {
        return Sql.queryLong(dataSource, "select count(*) from audit_event where account_id = ? and action = ?", account, action);
    }

    private String auditText() {
        StringBuilder all = new StringBuilder();
        try (var c = dataSource.getConnection(); var s = c.createStatement(); var rs = s.executeQuery("select t::text from audit_event t")) {
            while (rs.next()) {
                all.append(rs.getString(1)).append('\n');
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return all.toString();
    }

    private long refreshCalls() {
        return sts.calls("AssumeRole").stream().filter(c -> !c.parameters().get("RoleSessionName").endsWith("-verify")).count();
    }
}
