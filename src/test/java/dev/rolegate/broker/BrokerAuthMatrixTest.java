package dev.rolegate.broker;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.testsupport.Workers;
import dev.rolegate.worker.ClusterTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every worker route (JSON, container-credentials, credential_process) refuses each way of presenting a
 * missing, invalid or ungranted worker identity, in the route's own error format, and issues nothing:
 * no CREDENTIALS_ISSUED audit row and no AssumeRole beyond the account's registration check. Each refused
 * identity is otherwise as close as possible to one that would be served (a granted subject, a token that
 * was accepted before it was revoked), so a missing check shows up as a 200.
 */
@QuarkusTest
class BrokerAuthMatrixTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEMS = "https://rolegate.dev/problems/";

    /** The three hand-off endpoints and how each is asked for an account. */
    enum Route {
        JSON_CREDENTIALS(true),
        CONTAINER_CREDENTIALS(false),
        CREDENTIAL_PROCESS(true);

        /** Whether errors are problem+json; the container route answers {"code","message"} instead. */
        final boolean problemJson;

        Route(boolean problemJson) {
            this.problemJson = problemJson;
        }

        Response send(String projectId, String account, String authorization) {
            RequestSpecification request = given();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return switch (this) {
                case JSON_CREDENTIALS -> request.contentType(ContentType.JSON)
                        .body(new HashMap<>(Map.of("projectId", projectId, "account", account))).post("/v1/credentials");
                case CONTAINER_CREDENTIALS -> request.get("/v1/container-credentials/{p}/{a}", projectId, account);
                case CREDENTIAL_PROCESS -> request.get("/v1/credential-process/{p}/{a}", projectId, account);
            };
        }
    }

    /** Ways of presenting no usable, or no authorized, worker identity, with the status each must earn. */
    enum Denial {
        NO_AUTHORIZATION_HEADER(401),
        KUBERNETES_TOKEN_WITH_BAD_SIGNATURE(401),
        EXPIRED_KUBERNETES_TOKEN(401),
        KUBERNETES_TOKEN_FOR_ANOTHER_AUDIENCE(401),
        KUBERNETES_TOKEN_FROM_ANOTHER_ISSUER(401),
        KUBERNETES_TOKEN_WHOSE_SUBJECT_IS_NOT_A_SERVICE_ACCOUNT(401),
        REVOKED_WORKER_TOKEN(401),
        UNKNOWN_WORKER_TOKEN(401),
        SERVICE_ACCOUNT_WITHOUT_GRANT(403),
        WORKER_TOKEN_WITHOUT_GRANT(403),
        SERVICE_ACCOUNT_GRANTED_ONLY_ANOTHER_ACCOUNT_OF_THE_PROJECT(403),
        WORKER_TOKEN_OF_ANOTHER_PROJECT_GRANTED_THERE(403);

        final int status;

        Denial(int status) {
            this.status = status;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    private final FakeSts sts = FakeStsResource.fake();
    private String project;
    private String roleArn;
    private UUID account;
    /** A service account granted {@link #account}: every malformed Kubernetes token names it. */
    private String grantedSubject;

    @BeforeEach
    void connectedAccountWithAGrantedServiceAccount() {
        MutableClock.shared().reset();
        sts.reset();
        project = newProject();
        roleArn = randomRoleArn();
        account = Accounts.connected(sts, project, roleArn, 3600, 43200);
        grantedSubject = newSubject();
        grantServiceAccount(project, grantedSubject, account);
    }

    @AfterEach
    void realTime() {
        MutableClock.shared().reset();
    }

    static Stream<Arguments> everyRouteWithEveryDenial() {
        return Arrays.stream(Route.values())
                .flatMap(route -> Arrays.stream(Denial.values()).map(denial -> Arguments.argumentSet(route + " with " + denial, route, denial)));
    }

    @ParameterizedTest
    @MethodSource("everyRouteWithEveryDenial")
    void routeRefusesTheCallerInItsOwnFormatAndIssuesNothing(Route route, Denial denial) {
        String authorization = authorizationFor(denial, route);

        Response response = route.send(project, account.toString(), authorization);

        response.then().statusCode(denial.status)
                .header("Cache-Control", "no-store")
                .header("WWW-Authenticate", denial.status == 401 ? equalTo("Bearer realm=\"rolegate-workers\"") : nullValue());
        if (route.problemJson) {
            response.then()
                    .contentType(startsWith(PROBLEM_JSON))
                    .body("status", equalTo(denial.status))
                    .body("type", equalTo(PROBLEMS + (denial.status == 401 ? "unauthenticated" : "forbidden")))
                    .body("detail", not(emptyOrNullString()))
                    .header("WWW-Authenticate", denial.status == 401 ? startsWith("Bearer") : nullValue());
        } else {
            response.then()
                    .contentType(startsWith("application/json"))
                    .body("code", equalTo(denial.status == 401 ? "InvalidToken" : "AccessDenied"))
                    .body("Code", equalTo(denial.status == 401 ? "InvalidToken" : "AccessDenied"))
                    .body("message", not(emptyOrNullString()))
                    .body("Message", equalTo(response.jsonPath().getString("message")))
                    .body("AccessKeyId", nullValue());
        }
        if (authorization != null) {
            assertThat(response.asString()).as("the refusal never echoes the credential").doesNotContain(strip(authorization));
        }
        assertThat(issuedAuditRows(account)).as("a refused request is never audited as an issuance").isZero();
        assertThat(issuingAssumeRoleCalls()).as("a refused request never reaches STS beyond the registration check").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void grantedServiceAccountWithBearerTokenGetsCredentialsAndExactlyOneAuditRow(Route route) {
        String jwt = ClusterTokens.serviceAccount(namespaceOf(grantedSubject), nameOf(grantedSubject));

        Response response = route.send(project, account.toString(), "Bearer " + jwt);

        response.then().statusCode(200).contentType(startsWith("application/json")).header("Cache-Control", "no-store");
        String accessKeyId = response.path(route == Route.JSON_CREDENTIALS ? "accessKeyId" : "AccessKeyId");
        assertThat(accessKeyId).isNotBlank();
        assertThat(sts.issued(accessKeyId)).as("the credentials come from the customer's role").isPresent()
                .hasValueSatisfying(issued -> assertThat(issued.roleArn()).isEqualTo(roleArn));
        assertThat(issuedAuditRows(account)).isEqualTo(1);
        assertThat(Sql.queryLong(dataSource, "select count(*) from audit_event where account_id = ? and action = 'CREDENTIALS_ISSUED' and actor = ?"
                + " and access_key_id = ?", account, grantedSubject, accessKeyId)).as("the row names the service account and the key").isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void containerRouteAcceptsTheRawServiceAccountTokenWithoutBearerAndAuditsEachIssuance() {
        String jwt = ClusterTokens.serviceAccount(namespaceOf(grantedSubject), nameOf(grantedSubject));

        Route.CONTAINER_CREDENTIALS.send(project, account.toString(), jwt).then().statusCode(200)
                .contentType(startsWith("application/json")).body("AccessKeyId", notNullValue()).body("Token", notNullValue());
        assertThat(issuedAuditRows(account)).isEqualTo(1);

        Route.CONTAINER_CREDENTIALS.send(project, account.toString(), "Bearer " + jwt).then().statusCode(200);
        assertThat(issuedAuditRows(account)).as("one audit row per 200").isEqualTo(2);
    }

    // ---- the denials -------------------------------------------------------------------------

    private String authorizationFor(Denial denial, Route route) {
        return switch (denial) {
            case NO_AUTHORIZATION_HEADER -> null;
            case KUBERNETES_TOKEN_WITH_BAD_SIGNATURE -> "Bearer " + ClusterTokens.signedByUntrustedKey(grantedSubject);
            case EXPIRED_KUBERNETES_TOKEN -> "Bearer " + ClusterTokens.expired(grantedSubject);
            case KUBERNETES_TOKEN_FOR_ANOTHER_AUDIENCE -> "Bearer " + ClusterTokens.withAudience(grantedSubject, "https://kubernetes.default.svc");
            case KUBERNETES_TOKEN_FROM_ANOTHER_ISSUER -> "Bearer " + ClusterTokens.withIssuer(grantedSubject, "https://oidc.eks.eu-west-1.amazonaws.com/id/OTHER");
            case KUBERNETES_TOKEN_WHOSE_SUBJECT_IS_NOT_A_SERVICE_ACCOUNT -> "Bearer " + ClusterTokens.withSubject("system:node:ip-10-0-0-1");
            case REVOKED_WORKER_TOKEN -> revokedAfterBeingAccepted(route);
            case UNKNOWN_WORKER_TOKEN -> "Bearer rgw_" + "A".repeat(43);
            case SERVICE_ACCOUNT_WITHOUT_GRANT -> {
                String subject = newSubject();
                yield "Bearer " + ClusterTokens.serviceAccount(namespaceOf(subject), nameOf(subject));
            }
            case WORKER_TOKEN_WITHOUT_GRANT -> "Bearer " + Workers.newToken(project).secret();
            case SERVICE_ACCOUNT_GRANTED_ONLY_ANOTHER_ACCOUNT_OF_THE_PROJECT -> {
                UUID other = Accounts.connected(sts, project, randomRoleArn(), 3600, 43200);
                String subject = newSubject();
                grantServiceAccount(project, subject, other);
                yield "Bearer " + ClusterTokens.serviceAccount(namespaceOf(subject), nameOf(subject));
            }
            case WORKER_TOKEN_OF_ANOTHER_PROJECT_GRANTED_THERE -> {
                String otherProject = newProject();
                Accounts.connected(sts, otherProject, randomRoleArn(), 3600, 43200);
                Workers.Token foreign = Workers.newToken(otherProject);
                Workers.grant(otherProject, foreign);
                yield "Bearer " + foreign.secret();
            }
        };
    }

    /**
     * A worker token granted every account of the project, shown to be accepted (it reaches the account lookup,
     * which refuses an unknown name like an ungranted one with 403, not the 401 of a refused token, so nothing is
     * issued) and then revoked.
     */
    private String revokedAfterBeingAccepted(Route route) {
        Workers.Token token = Workers.newToken(project);
        Workers.grant(project, token);
        route.send(project, "no-such-account", "Bearer " + token.secret()).then().statusCode(403);
        Workers.revoke(project, token);
        return "Bearer " + token.secret();
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static String newSubject() {
        return "system:serviceaccount:ns-" + UUID.randomUUID().toString().substring(0, 8) + ":runner";
    }

    private static String namespaceOf(String subject) {
        return subject.split(":")[2];
    }

    private static String nameOf(String subject) {
        return subject.split(":")[3];
    }

    private static String strip(String authorization) {
        return authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()) : authorization;
    }

    private static void grantServiceAccount(String projectId, String subject, UUID... accounts) {
        asPortal().contentType(ContentType.JSON)
                .body(Map.of("identityKind", "SERVICE_ACCOUNT", "identity", subject, "accountIds", List.of(accounts)))
                .post("/v1/projects/{p}/grants", projectId).then().statusCode(201);
    }

    private long issuedAuditRows(UUID accountId) {
        return Sql.queryLong(dataSource, "select count(*) from audit_event where account_id = ? and action = 'CREDENTIALS_ISSUED'", accountId);
    }

    /** AssumeRole calls for this test's role other than the registration's verification. */
    private List<FakeSts.Call> issuingAssumeRoleCalls() {
        return sts.calls("AssumeRole").stream()
                .filter(call -> roleArn.equals(call.parameters().get("RoleArn")))
                .filter(call -> !call.parameters().getOrDefault("RoleSessionName", "").endsWith("-verify"))
                .toList();
    }
}
