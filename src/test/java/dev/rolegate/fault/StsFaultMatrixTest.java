package dev.rolegate.fault;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.connect;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static dev.rolegate.testsupport.PortalApi.setup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.rolegate.aws.StsGateway;
import dev.rolegate.session.RefreshRunner;
import dev.rolegate.session.SessionConfig;
import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.SecretLedger;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.testsupport.Workers;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The STS fault matrix at the system level: every way AssumeRole can fail, on each path that calls it (register,
 * connect, verify, the scheduled refresh and a cold credential request in each format), and every way verify's
 * GetCallerIdentity can. A fault that is not a readable customer verdict is transient: it never reaches a client as a
 * 5xx other than 503 with Retry-After, never takes an account out of service, and is counted, backed off and shown in
 * STS health. A readable AccessDenied, in either envelope, is a revocation and leaves STS health alone.
 */
@QuarkusTest
class StsFaultMatrixTest {

    private static final String ASSUME_ROLE = "AssumeRole";
    private static final String CALLER_IDENTITY = "GetCallerIdentity";
    private static final String REGION = "eu-west-1";
    /** Short sessions, so a scheduled refresh is due ten minutes in. */
    private static final int SESSION_SECONDS = 900;
    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry meters;
    @Inject
    RefreshRunner runner;
    @Inject
    SessionConfig sessionConfig;
    @Inject
    StsGateway gateway;

    private final FakeSts sts = FakeStsResource.fake();
    private final MutableClock clock = MutableClock.shared();
    private String project;
    private Workers.Token worker;

    static Stream<StsFault> transientFaults() {
        return StsFault.transientFaults().stream();
    }

    static Stream<StsFault> accessDenied() {
        return StsFault.accessDenied().stream();
    }

    static Stream<Arguments> transientFaultsOnEveryFormat() {
        return Stream.of(BrokerFormat.values()).flatMap(format -> transientFaults().map(fault -> Arguments.of(format, fault)));
    }

    static Stream<Arguments> accessDeniedOnEveryFormat() {
        return Stream.of(BrokerFormat.values()).flatMap(format -> accessDenied().map(fault -> Arguments.of(format, fault)));
    }

    @BeforeEach
    void healthyStsAndAProjectWithAWorker() {
        clock.reset();
        sts.reset();
        // Earlier tests' sessions must not fall due in this test's scheduler pass.
        Sql.execute(dataSource, "delete from aws_session");
        gateway.probe(REGION);
        project = newProject();
        worker = Workers.newToken(project);
        Workers.grant(project, worker);
    }

    @AfterEach
    void stsAnswersAgain() {
        sts.reset();
        clock.reset();
    }

    // ---- register and connect: a never-verified account ------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientFaults")
    void registeringDuringATransientFaultStoresTheAccountInErrorAndSaysToTryAgain(StsFault fault) {
        Role role = newRole();
        Observed before = observe(fault);
        sts.failAll(ASSUME_ROLE, fault.answer());

        String account = register(role).statusCode(201).contentType(ContentType.JSON)
                .body("status", equalTo("ERROR")).body("lastError", containsString(fault.code())).body("lastError", containsString("again"))
                .extract().path("id");

        assertThat(status(account)).isEqualTo("ERROR");
        assertThat(auditRows(account, "ACCOUNT_CREATED")).isEqualTo(1);
        assertCountedAndStsDown(fault, before, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientFaults")
    void connectingANeverVerifiedAccountDuringATransientFaultLeavesItInErrorAndSaysToTryAgain(StsFault fault) {
        JsonPath created = setup(project, "acct-" + shortId(), REGION).statusCode(201).extract().jsonPath();
        String account = created.getString("account.id");
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, created.getString("setup.externalId"), 3600);
        Observed before = observe(fault);
        sts.failAll(ASSUME_ROLE, fault.answer());

        connect(project, account, roleArn).statusCode(200).contentType(ContentType.JSON)
                .body("status", equalTo("ERROR")).body("roleArn", equalTo(roleArn))
                .body("lastError", containsString(fault.code())).body("lastError", containsString("again"));

        assertThat(status(account)).isEqualTo("ERROR");
        assertThat(auditRows(account, "ACCOUNT_CONNECTED")).isEqualTo(1);
        assertCountedAndStsDown(fault, before, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accessDenied")
    void registeringARoleThatDeniesIsAccessDeniedWhateverTheEnvelope(StsFault fault) {
        Role role = newRole();
        Observed before = observe(fault);
        sts.failAll(ASSUME_ROLE, fault.answer());

        String account = register(role).statusCode(201)
                .body("status", equalTo("ACCESS_DENIED")).body("lastError", containsString("trust policy")).extract().path("id");

        assertThat(auditRows(account, "ACCOUNT_CREATED")).isEqualTo(1);
        assertCountedAndStsHealthUntouched(fault, before, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accessDenied")
    void connectingARoleThatDeniesIsAccessDeniedWhateverTheEnvelope(StsFault fault) {
        String account = setup(project, "acct-" + shortId(), REGION).statusCode(201).extract().path("account.id");
        Observed before = observe(fault);
        sts.failAll(ASSUME_ROLE, fault.answer());

        connect(project, account, randomRoleArn()).statusCode(200)
                .body("status", equalTo("ACCESS_DENIED")).body("lastError", containsString("trust policy"));

        assertCountedAndStsHealthUntouched(fault, before, false);
    }

    // ---- verify: a CONNECTED account in service -----------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientFaults")
    void verifyingDuringATransientFaultAnswers503AndKeepsTheAccountConnectedAndServed(StsFault fault) {
        UUID account = connectedAccount();
        String served = BrokerFormat.CONTAINER.accessKeyId(BrokerFormat.CONTAINER.request(project, account, worker.secret()));
        Observed before = observe(fault);
        sts.failAll(ASSUME_ROLE, fault.answer());

        verify(account).statusCode(503).contentType(PROBLEM_JSON).header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("status", equalTo(503)).body("detail", containsString(fault.code()));

        assertThat(status(account)).isEqualTo("CONNECTED");
        assertThat(sessionRows(account)).as("the stored session is kept").isEqualTo(1);
        int stsCalls = sts.calls(ASSUME_ROLE).size();
        assertThat(BrokerFormat.CONTAINER.accessKeyId(BrokerFormat.CONTAINER.request(project, account, worker.secret()))).isEqualTo(served);
        assertThat(sts.calls(ASSUME_ROLE)).as("served without STS").hasSize(stsCalls);
        Map<String, Object> last = lastStatusChange(account);
        assertThat(last).containsEntry("from", "CONNECTED").containsEntry("to", "CONNECTED");
        assertThat((String) last.get("reason")).contains(fault.code());
        assertCountedAndStsDown(fault, before, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientFaults")
    void verifyingDuringATransientFaultOnGetCallerIdentityAnswers503AndKeepsTheAccountConnected(StsFault fault) {
        UUID account = connectedAccount();
        Observed before = observe(fault, CALLER_IDENTITY);
        sts.failAll(CALLER_IDENTITY, fault.answer());

        verify(account).statusCode(503).contentType(PROBLEM_JSON).header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("status", equalTo(503)).body("detail", containsString(fault.code()));

        assertThat(status(account)).isEqualTo("CONNECTED");
        assertThat(lastStatusChange(account)).containsEntry("from", "CONNECTED").containsEntry("to", "CONNECTED");
        assertCountedAndStsDown(fault, before, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accessDenied")
    void verifyingAgainstARoleThatDeniesIsAccessDeniedAndStopsServingWhateverTheEnvelope(StsFault fault) {
        UUID account = connectedAccount();
        BrokerFormat.CONTAINER.accessKeyId(BrokerFormat.CONTAINER.request(project, account, worker.secret()));
        Observed before = observe(fault);
        sts.failAll(ASSUME_ROLE, fault.answer());

        verify(account).statusCode(200).contentType(ContentType.JSON).body("status", equalTo("ACCESS_DENIED"));

        assertThat(sessionRows(account)).as("sessions purged").isZero();
        BrokerFormat.CONTAINER.assertNotServed(BrokerFormat.CONTAINER.request(project, account, worker.secret()));
        assertThat(lastStatusChange(account)).containsEntry("from", "CONNECTED").containsEntry("to", "ACCESS_DENIED");
        assertCountedAndStsHealthUntouched(fault, before, false);
    }

    // ---- the scheduled refresh ------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientFaults")
    void aScheduledRefreshFailingTransientlyIsBackedOffAndTheSessionServedUntilItsStalePoint(StsFault fault) {
        UUID account = connectedAccount();
        String served = withOneMinuteLeft(account).statusCode(200).extract().path("AccessKeyId");
        Instant staleAt = sessionInstant(account, "stale_at");
        clock.setTo(sessionInstant(account, "refresh_at").plusSeconds(1));
        Observed before = observe(fault);
        sts.failAll(ASSUME_ROLE, fault.answer());

        Instant started = clock.instant();
        assertThat(runner.runOnce("matrix-replica")).isEqualTo(1);
        Instant finished = clock.instant();

        assertThat(Sql.queryLong(dataSource, "select failure_count from aws_session where account_id = ?", account)).isEqualTo(1);
        assertThat(sessionInstant(account, "next_attempt_at")).as("retried after the first backoff step")
                .isAfter(started).isBeforeOrEqualTo(finished.plus(sessionConfig.retryBaseDelay()));
        assertThat(status(account)).isEqualTo("CONNECTED");
        assertThat(withOneMinuteLeft(account).statusCode(200).extract().<String>path("AccessKeyId")).as("still served").isEqualTo(served);
        assertCountedAndStsDown(fault, before, true);

        sts.recover(ASSUME_ROLE);
        clock.setTo(staleAt);
        assertThat(withOneMinuteLeft(account).statusCode(200).extract().<String>path("AccessKeyId")).as("not served at its stale point")
                .isNotEqualTo(served);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accessDenied")
    void aScheduledRefreshDeniedRevokesTheAccountWhateverTheEnvelope(StsFault fault) {
        UUID account = connectedAccount();
        withOneMinuteLeft(account).statusCode(200);
        clock.setTo(sessionInstant(account, "refresh_at").plusSeconds(1));
        Observed before = observe(fault);
        sts.failAll(ASSUME_ROLE, fault.answer());

        assertThat(runner.runOnce("matrix-replica")).isEqualTo(1);

        assertThat(status(account)).isEqualTo("ACCESS_DENIED");
        assertThat(sessionRows(account)).as("sessions purged").isZero();
        assertThat(counter("rolegate.account.revocations")).isEqualTo(before.revocations() + 1);
        BrokerFormat.CONTAINER.assertNotServed(withOneMinuteLeft(account));
        assertCountedAndStsHealthUntouched(fault, before, true);
    }

    // ---- a cold credential request: the inline refresh ------------------------------------------

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("transientFaultsOnEveryFormat")
    void aColdCredentialRequestDuringATransientFaultAnswers503WithRetryAfterAndIssuesNothing(BrokerFormat format, StsFault fault) {
        UUID account = connectedAccount();
        Observed before = observe(fault);
        sts.failAll(ASSUME_ROLE, fault.answer());

        format.assertUnavailable(format.request(project, account, worker.secret()));

        assertThat(auditRows(account, "CREDENTIALS_ISSUED")).isZero();
        assertThat(sessionRows(account)).isZero();
        assertThat(status(account)).isEqualTo("CONNECTED");
        assertCountedAndStsDown(fault, before, true);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("accessDeniedOnEveryFormat")
    void aColdCredentialRequestDeniedAnswers409AndRevokesTheAccountWhateverTheEnvelope(BrokerFormat format, StsFault fault) {
        UUID account = connectedAccount();
        Observed before = observe(fault);
        sts.failAll(ASSUME_ROLE, fault.answer());

        format.assertNotServed(format.request(project, account, worker.secret()));

        assertThat(auditRows(account, "CREDENTIALS_ISSUED")).isZero();
        assertThat(status(account)).isEqualTo("ACCESS_DENIED");
        assertThat(counter("rolegate.account.revocations")).isEqualTo(before.revocations() + 1);
        assertCountedAndStsHealthUntouched(fault, before, true);
    }

    // ---- assertions shared by every path --------------------------------------------------------

    /** What the meters and STS health said before a fault. */
    private record Observed(String operation, double stsCalls, double refreshFailures, double revocations, String health) {
    }

    private Observed observe(StsFault fault) {
        return observe(fault, ASSUME_ROLE);
    }

    private Observed observe(StsFault fault, String operation) {
        return new Observed(operation, counter("rolegate.sts.calls", "operation", operation, "outcome", fault.outcome()),
                counter("rolegate.session.refresh.failures", "reason", fault.refreshFailureReason()),
                counter("rolegate.account.revocations"), stsHealthHere().health());
    }

    /** One STS call counted with the fault's outcome (its retries are one call), and for a refresh one failure. */
    private void assertCounted(StsFault fault, Observed before, boolean refresh) {
        assertThat(counter("rolegate.sts.calls", "operation", before.operation(), "outcome", fault.outcome())).isEqualTo(before.stsCalls() + 1);
        assertThat(counter("rolegate.session.refresh.failures", "reason", fault.refreshFailureReason()))
                .isEqualTo(before.refreshFailures() + (refresh ? 1 : 0));
    }

    private void assertCountedAndStsDown(StsFault fault, Observed before, boolean refresh) {
        assertCounted(fault, before, refresh);
        assertThat(counter("rolegate.account.revocations")).as("not a revocation").isEqualTo(before.revocations());
        assertThat(before.health()).as("STS was healthy before the fault").startsWith("OK at");
        Health after = stsHealthHere();
        assertThat(after.status()).isEqualTo(503);
        assertThat(after.health()).startsWith(fault.failure().name() + " at");
    }

    /** A customer's verdict says nothing about STS: the region's latest observation is the one from before. */
    private void assertCountedAndStsHealthUntouched(StsFault fault, Observed before, boolean refresh) {
        assertCounted(fault, before, refresh);
        assertThat(before.health()).startsWith("OK at");
        assertThat(stsHealthHere().health()).isEqualTo(before.health());
    }

    /** {@code /q/health/group/sts}: its HTTP status and what it says about {@link #REGION}. */
    private record Health(int status, String health) {
    }

    private Health stsHealthHere() {
        ValidatableResponse response = given().get("/q/health/group/sts").then();
        return new Health(response.extract().statusCode(), response.extract().path("checks[0].data.'" + REGION + "'"));
    }

    private double counter(String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    // ---- set-up and reads -----------------------------------------------------------------------

    private record Role(String arn, String externalId) {
    }

    private Role newRole() {
        Role role = new Role(randomRoleArn(), "ext-" + UUID.randomUUID());
        sts.createRole(role.arn(), role.externalId(), 3600);
        return role;
    }

    private ValidatableResponse register(Role role) {
        SecretLedger.remember(role.externalId());
        return asPortal().contentType(ContentType.JSON)
                .body(Map.of("name", "acct-" + shortId(), "roleArn", role.arn(), "externalId", role.externalId(), "region", REGION))
                .post("/v1/projects/{p}/aws-accounts", project).then();
    }

    private UUID connectedAccount() {
        return Accounts.connected(sts, project, randomRoleArn(), SESSION_SECONDS, 3600);
    }

    private ValidatableResponse verify(UUID account) {
        return asPortal().post("/v1/projects/{p}/aws-accounts/{a}/verify", project, account).then();
    }

    /** Container credentials with at least a minute left: a session past its refresh point still qualifies. */
    private ValidatableResponse withOneMinuteLeft(UUID account) {
        return given().header("Authorization", worker.secret()).queryParam("minValiditySeconds", 60)
                .get("/v1/container-credentials/{p}/{a}", project, account).then();
    }

    private String status(Object account) {
        return asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, account).then().statusCode(200).extract().path("status");
    }

    private Map<String, Object> lastStatusChange(UUID account) {
        List<Map<String, Object>> history = asPortal().get("/v1/projects/{p}/aws-accounts/{a}/status-history", project, account)
                .then().statusCode(200).extract().jsonPath().getList("$");
        return history.get(history.size() - 1);
    }

    private long auditRows(Object account, String action) {
        return Sql.queryLong(dataSource, "select count(*) from audit_event where account_id = ?::uuid and action = ?", account.toString(), action);
    }

    private long sessionRows(UUID account) {
        return Sql.queryLong(dataSource, "select count(*) from aws_session where account_id = ?", account);
    }

    private Instant sessionInstant(UUID account, String column) {
        return Sql.queryInstant(dataSource, "select " + column + " from aws_session where account_id = ?", account);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
