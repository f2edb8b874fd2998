package dev.rolegate.grant;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.setup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.rolegate.testsupport.DatabaseFingerprint;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The grants admin API: what it stores and answers, and the input it refuses without storing anything. */
@QuarkusTest
class GrantApiTest {

    private static final String GRANTS = "/v1/projects/{p}/grants";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String SERVICE_ACCOUNT = "system:serviceaccount:deploy:terraform-runner";

    @Inject
    AgroalDataSource dataSource;

    private String project;
    private String account;
    private String tokenId;

    @BeforeEach
    void projectWithAnAccountAndAWorkerToken() {
        project = newProject();
        account = setup(project, "production", "eu-west-1").statusCode(201).extract().path("account.id");
        tokenId = workerToken(project);
    }

    @Test
    void serviceAccountGrantForEveryAccountIsStoredAndListed() {
        create(Map.of("identityKind", "SERVICE_ACCOUNT", "identity", SERVICE_ACCOUNT)).then().statusCode(201)
                .body("projectId", equalTo(project))
                .body("identityKind", equalTo("SERVICE_ACCOUNT"))
                .body("identity", equalTo(SERVICE_ACCOUNT))
                .body("allAccounts", equalTo(true))
                .body("accountIds", nullValue());

        asPortal().get(GRANTS, project).then().statusCode(200).body("$", hasSize(1)).body("[0].identity", equalTo(SERVICE_ACCOUNT));
    }

    @Test
    void workerTokenGrantForListedAccountsIsStoredWithoutDuplicates() {
        String second = setup(project, "staging", "eu-west-1").statusCode(201).extract().path("account.id");

        create(Map.of("identityKind", "WORKER_TOKEN", "identity", tokenId.toUpperCase(), "accountIds", List.of(account, second, account)))
                .then().statusCode(201)
                .body("identity", equalTo(tokenId))
                .body("allAccounts", equalTo(false))
                .body("accountIds", contains(account, second));
    }

    @Test
    void deletedGrantIsGoneAndDeletingAgainIsNotFound() {
        String grantId = create(Map.of("identityKind", "SERVICE_ACCOUNT", "identity", SERVICE_ACCOUNT)).then().statusCode(201).extract().path("id");

        asPortal().delete(GRANTS + "/{g}", project, grantId).then().statusCode(204);

        asPortal().get(GRANTS, project).then().body("$", hasSize(0));
        asPortal().delete(GRANTS + "/{g}", project, grantId).then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void listingShowsOnlyTheProjectsOwnGrants() {
        String other = newProject();
        create(Map.of("identityKind", "SERVICE_ACCOUNT", "identity", SERVICE_ACCOUNT)).then().statusCode(201);
        asPortal().contentType(ContentType.JSON).body(Map.of("identityKind", "SERVICE_ACCOUNT", "identity", "system:serviceaccount:other:x"))
                .post(GRANTS, other).then().statusCode(201);

        asPortal().get(GRANTS, project).then().body("identity", containsInAnyOrder(SERVICE_ACCOUNT));
    }

    // ---- rejected input stores nothing -----------------------------------------------------------

    static Stream<Arguments> invalidGrants() {
        return Stream.of(
                Arguments.argumentSet("service account without namespace", body("SERVICE_ACCOUNT", "system:serviceaccount:runner"), "identity"),
                Arguments.argumentSet("service account in upper case", body("SERVICE_ACCOUNT", "system:serviceaccount:Deploy:Runner"), "identity"),
                Arguments.argumentSet("user instead of service account", body("SERVICE_ACCOUNT", "alice@example.com"), "identity"),
                Arguments.argumentSet("worker token that is not a UUID", body("WORKER_TOKEN", "ci-token"), "identity"),
                Arguments.argumentSet("worker token secret instead of id", body("WORKER_TOKEN", "rgw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), "identity"),
                Arguments.argumentSet("unknown worker token id", body("WORKER_TOKEN", UUID.randomUUID().toString()), "identity"),
                Arguments.argumentSet("unknown identity kind", body("ROBOT", SERVICE_ACCOUNT), "identityKind"),
                Arguments.argumentSet("missing identity kind", Map.of("identity", SERVICE_ACCOUNT), "identityKind"),
                Arguments.argumentSet("blank identity", body("SERVICE_ACCOUNT", " "), "identity"),
                Arguments.argumentSet("empty account list", withAccounts(body("SERVICE_ACCOUNT", SERVICE_ACCOUNT), List.of()), "accountIds"),
                Arguments.argumentSet("unknown account id", withAccounts(body("SERVICE_ACCOUNT", SERVICE_ACCOUNT), List.of(UUID.randomUUID().toString())), "accountIds"),
                Arguments.argumentSet("account id that is not a UUID", withAccounts(body("SERVICE_ACCOUNT", SERVICE_ACCOUNT), List.of("production")), "accountIds.[0]"),
                Arguments.argumentSet("unknown field", withField(body("SERVICE_ACCOUNT", SERVICE_ACCOUNT), "roleArn", "arn:aws:iam::123456789012:role/Admin"), "roleArn"));
    }

    @ParameterizedTest
    @MethodSource("invalidGrants")
    void invalidGrantIsRejectedAndStoresNothing(Map<String, Object> body, String field) {
        assertRejected(() -> create(body), 400, field);
    }

    @Test
    void workerTokenOfAnotherProjectIsRejected() {
        String theirs = workerToken(newProject());

        assertRejected(() -> create(Map.of("identityKind", "WORKER_TOKEN", "identity", theirs)), 400, "identity");
    }

    @Test
    void revokedWorkerTokenIsRejected() {
        asPortal().delete("/v1/projects/{p}/worker-tokens/{t}", project, tokenId).then().statusCode(204);

        assertRejected(() -> create(Map.of("identityKind", "WORKER_TOKEN", "identity", tokenId)), 400, "identity");
    }

    @Test
    void accountOfAnotherProjectIsRejectedAndNamedInTheProblem() {
        String other = newProject();
        String theirs = setup(other, "theirs", "eu-west-1").statusCode(201).extract().path("account.id");

        Response response = assertRejected(() -> create(Map.of("identityKind", "SERVICE_ACCOUNT", "identity", SERVICE_ACCOUNT,
                "accountIds", List.of(account, theirs))), 400, "accountIds");
        response.then().body("detail", containsString(theirs));
        assertThat(response.asString()).doesNotContain(other);
    }

    @Test
    void secondGrantForTheSameIdentityIsAConflict() {
        create(Map.of("identityKind", "SERVICE_ACCOUNT", "identity", SERVICE_ACCOUNT)).then().statusCode(201);

        assertRejected(() -> create(Map.of("identityKind", "SERVICE_ACCOUNT", "identity", SERVICE_ACCOUNT, "accountIds", List.of(account))), 409, null);
    }

    @Test
    void unknownProjectIsNotFound() {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body(Map.of("identityKind", "SERVICE_ACCOUNT", "identity", SERVICE_ACCOUNT))
                .post(GRANTS, "no-such-project"), 404, null);
        asPortal().get(GRANTS, "no-such-project").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void deletingAnotherProjectsGrantIsNotFound() {
        String other = newProject();
        String theirs = asPortal().contentType(ContentType.JSON).body(Map.of("identityKind", "SERVICE_ACCOUNT", "identity", SERVICE_ACCOUNT))
                .post(GRANTS, other).then().statusCode(201).extract().path("id");

        assertRejected(() -> asPortal().delete(GRANTS + "/{g}", project, theirs), 404, null);
        asPortal().get(GRANTS, other).then().body("id", hasItem(theirs));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Map<String, Object> body(String kind, String identity) {
        return Map.of("identityKind", kind, "identity", identity);
    }

    private static Map<String, Object> withAccounts(Map<String, Object> body, List<String> accountIds) {
        return withField(body, "accountIds", new ArrayList<>(accountIds));
    }

    private static Map<String, Object> withField(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private Response create(Map<String, Object> body) {
        return asPortal().contentType(ContentType.JSON).body(body).post(GRANTS, project);
    }

    private static String workerToken(String projectId) {
        return asPortal().contentType(ContentType.JSON).body(Map.of("name", "ci")).post("/v1/projects/{p}/worker-tokens", projectId)
                .then().statusCode(201).extract().path("workerToken.id");
    }

    private Response assertRejected(Supplier<Response> request, int status, String field) {
        String before = DatabaseFingerprint.of(dataSource);
        Response response = request.get();
        response.then().statusCode(status).contentType(PROBLEM_JSON).body("status", equalTo(status));
        if (field != null) {
            response.then().body("errors.field", hasItem(field));
        }
        assertThat(DatabaseFingerprint.of(dataSource)).as("a rejected request stores nothing").isEqualTo(before);
        return response;
    }
}
