package dev.rolegate.auth;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static dev.rolegate.testsupport.PortalApi.setup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.rolegate.testsupport.DatabaseFingerprint;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every portal route refuses callers without a valid portal token, answers with a problem document,
 * and stores nothing. The route table is checked against the OpenAPI document, so a new route
 * cannot ship without joining this matrix.
 */
@QuarkusTest
class AuthMatrixTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    /** Routes for workers rather than the portal; BrokerAuthMatrixTest covers them. */
    private static final List<String> WORKER_ROUTES = List.of("/v1/credentials", "/v1/container-credentials/", "/v1/credential-process/");

    /** Every operation under /v1, written as the OpenAPI document names its paths. */
    enum Route {
        PUT_PROJECT("PUT", "/v1/projects/{projectId}"),
        GET_PROJECT("GET", "/v1/projects/{projectId}"),
        START_SETUP("POST", "/v1/projects/{projectId}/aws-accounts/setup"),
        READ_SETUP("GET", "/v1/projects/{projectId}/aws-accounts/{accountId}/setup"),
        CONNECT("POST", "/v1/projects/{projectId}/aws-accounts/{accountId}/connect"),
        REGISTER("POST", "/v1/projects/{projectId}/aws-accounts"),
        VERIFY("POST", "/v1/projects/{projectId}/aws-accounts/{accountId}/verify"),
        LIST_ACCOUNTS("GET", "/v1/projects/{projectId}/aws-accounts"),
        GET_ACCOUNT("GET", "/v1/projects/{projectId}/aws-accounts/{accountId}"),
        UPDATE_ACCOUNT("PATCH", "/v1/projects/{projectId}/aws-accounts/{accountId}"),
        DISCONNECT("DELETE", "/v1/projects/{projectId}/aws-accounts/{accountId}"),
        STATUS_HISTORY("GET", "/v1/projects/{projectId}/aws-accounts/{accountId}/status-history"),
        LIST_AUDIT("GET", "/v1/audit"),
        EXPORT_AUDIT("GET", "/v1/audit/export"),
        CREATE_WORKER_TOKEN("POST", "/v1/projects/{projectId}/worker-tokens"),
        LIST_WORKER_TOKENS("GET", "/v1/projects/{projectId}/worker-tokens"),
        REVOKE_WORKER_TOKEN("DELETE", "/v1/projects/{projectId}/worker-tokens/{tokenId}"),
        CREATE_GRANT("POST", "/v1/projects/{projectId}/grants"),
        LIST_GRANTS("GET", "/v1/projects/{projectId}/grants"),
        DELETE_GRANT("DELETE", "/v1/projects/{projectId}/grants/{grantId}");

        final String method;
        final String path;

        Route(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** A body that would change the database if the request were let through. */
        Map<String, Object> body() {
            return switch (this) {
                case PUT_PROJECT -> Map.of("displayName", "renamed by an intruder");
                case START_SETUP -> Map.of("name", "intruder", "region", "eu-west-1");
                case CONNECT -> Map.of("roleArn", randomRoleArn());
                case REGISTER -> Map.of("name", "intruder-legacy", "roleArn", randomRoleArn(), "externalId", "intruder-external-id", "region", "eu-west-1");
                case UPDATE_ACCOUNT -> Map.of("name", "renamed-by-intruder");
                case CREATE_WORKER_TOKEN -> Map.of("name", "intruder-token");
                case CREATE_GRANT -> Map.of("identityKind", "SERVICE_ACCOUNT", "identity", "system:serviceaccount:intruders:pod");
                default -> null;
            };
        }

        String operation() {
            return method + " " + path;
        }
    }

    /** Ways of presenting no usable portal credential, with the status each must earn. */
    enum Denial {
        NO_TOKEN(401, () -> null),
        BAD_SIGNATURE(401, TestTokens::badSignature),
        EXPIRED(401, TestTokens::expired),
        WRONG_ISSUER(401, TestTokens::wrongIssuer),
        NOT_A_JWT(401, () -> "not-a-jwt"),
        WITHOUT_PORTAL_ROLE(403, TestTokens::withoutPortalRole);

        final int status;
        final Supplier<String> token;

        Denial(int status, Supplier<String> token) {
            this.status = status;
            this.token = token;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    private final FakeSts sts = FakeStsResource.fake();
    private String project;
    private String accountId;
    private String tokenId;
    private String grantId;

    @BeforeEach
    void existingProjectWithAnAccountAWorkerTokenAndAGrant() {
        project = newProject();
        accountId = setup(project, "existing", "eu-west-1").statusCode(201).extract().path("account.id");
        tokenId = asPortal().contentType(ContentType.JSON).body(Map.of("name", "existing"))
                .post("/v1/projects/{p}/worker-tokens", project).then().statusCode(201).extract().path("workerToken.id");
        grantId = asPortal().contentType(ContentType.JSON).body(Map.of("identityKind", "WORKER_TOKEN", "identity", tokenId))
                .post("/v1/projects/{p}/grants", project).then().statusCode(201).extract().path("id");
        sts.reset();
    }

    static Stream<Arguments> everyRouteWithEveryDenial() {
        return Arrays.stream(Route.values())
                .flatMap(route -> Arrays.stream(Denial.values())
                        .map(denial -> Arguments.argumentSet(route.operation() + " with " + denial, route, denial)));
    }

    @ParameterizedTest
    @MethodSource("everyRouteWithEveryDenial")
    void routeRefusesCallerWithoutValidPortalTokenAndStoresNothing(Route route, Denial denial) {
        String before = DatabaseFingerprint.of(dataSource);

        Response response = send(route, denial.token.get());

        response.then()
                .statusCode(denial.status)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(denial.status))
                .body("type", equalTo("https://rolegate.dev/problems/" + (denial.status == 401 ? "unauthenticated" : "forbidden")))
                .body("detail", notNullValue());
        if (denial.status == 401) {
            response.then().header("WWW-Authenticate", startsWith("Bearer"));
        } else {
            response.then().header("WWW-Authenticate", nullValue());
        }
        assertThat(DatabaseFingerprint.of(dataSource)).as("a refused request stores nothing").isEqualTo(before);
        assertThat(sts.calls("AssumeRole")).as("a refused request never reaches STS").isEmpty();
    }

    @Test
    void routeTableCoversEveryV1OperationInTheOpenApiDocument() {
        Map<String, Map<String, Object>> paths = given().accept(ContentType.JSON).get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> {
            if ((path.startsWith("/v1/") || path.equals("/v1")) && WORKER_ROUTES.stream().noneMatch(path::startsWith)) {
                operations.keySet().stream()
                        .filter(key -> Set.of("get", "put", "post", "patch", "delete", "head", "options", "trace").contains(key))
                        .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path));
            }
        });
        Set<String> tested = Arrays.stream(Route.values()).map(Route::operation).collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).as("every /v1 operation must be in the auth matrix, and the matrix must not test phantom routes")
                .isEqualTo(tested);
    }

    @Test
    void tokenCarryingPortalInScopeClaimIsAccepted() {
        given().auth().oauth2(TestTokens.portalScope())
                .get("/v1/projects/{p}", project).then().statusCode(200).body("id", equalTo(project));
        given().auth().oauth2(TestTokens.portalScope())
                .get("/v1/projects/{p}/aws-accounts/{a}", project, accountId).then().statusCode(200).body("id", equalTo(accountId));
        given().auth().oauth2(TestTokens.portalScope()).contentType(ContentType.JSON).body(Map.of("displayName", "renamed via scope"))
                .put("/v1/projects/{p}", project).then().statusCode(200).body("displayName", equalTo("renamed via scope"));
    }

    @Test
    void tokenCarryingPortalInGroupsClaimIsAccepted() {
        asPortal().get("/v1/projects/{p}/aws-accounts", project).then().statusCode(200).body("total", equalTo(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi"})
    void operationalEndpointIsOpenWithoutToken(String path) {
        given().get(path).then().statusCode(200).header("WWW-Authenticate", nullValue()).contentType(not(startsWith(PROBLEM_JSON)));
    }

    private Response send(Route route, String token) {
        RequestSpecification request = given();
        if (token != null) {
            request.auth().oauth2(token);
        }
        if (route.path.contains("{projectId}")) {
            request.pathParam("projectId", project);
        }
        if (route.path.contains("{accountId}")) {
            request.pathParam("accountId", accountId);
        }
        if (route.path.contains("{tokenId}")) {
            request.pathParam("tokenId", tokenId);
        }
        if (route.path.contains("{grantId}")) {
            request.pathParam("grantId", grantId);
        }
        Map<String, Object> body = route.body();
        if (body != null) {
            request.contentType(ContentType.JSON).body(body);
        }
        return request.request(route.method, route.path);
    }
}
