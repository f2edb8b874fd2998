package dev.rolegate.account;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static dev.rolegate.testsupport.PortalApi.setup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.rolegate.testsupport.DatabaseFingerprint;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.RawHttp;
import dev.rolegate.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rejected input earns a 4xx problem document that says what is wrong (and which field), stores
 * nothing, never reaches STS, and never echoes an External ID back.
 */
@QuarkusTest
class BadInputTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String ACCOUNTS = "/v1/projects/{p}/aws-accounts";
    private static final String ACCOUNT = "/v1/projects/{p}/aws-accounts/{a}";
    private static final int MAX_REQUEST_BYTES = 16384;

    @Inject
    AgroalDataSource dataSource;

    private final FakeSts sts = FakeStsResource.fake();
    private String project;
    private String accountId;

    @BeforeEach
    void projectWithOnePendingAccount() {
        project = newProject();
        accountId = setup(project, "existing", "eu-west-1").statusCode(201).extract().path("account.id");
        sts.reset();
    }

    // ---- role ARNs --------------------------------------------------------------------------

    static Stream<Arguments> malformedRoleArns() {
        return Stream.of(
                Arguments.argumentSet("unknown partition", "arn:aws-xx:iam::123456789012:role/Rolegate", "partition"),
                Arguments.argumentSet("s3 instead of iam", "arn:aws:s3::123456789012:role/Rolegate", "service must be 'iam'"),
                Arguments.argumentSet("11-digit account", "arn:aws:iam::12345678901:role/Rolegate", "12 digits"),
                Arguments.argumentSet("13-digit account", "arn:aws:iam::1234567890123:role/Rolegate", "12 digits"),
                Arguments.argumentSet("user ARN", "arn:aws:iam::123456789012:user/bob", "not 'user'"),
                Arguments.argumentSet("group ARN", "arn:aws:iam::123456789012:group/admins", "not 'group'"),
                Arguments.argumentSet("region field filled", "arn:aws:iam:eu-west-1:123456789012:role/Rolegate", "region"),
                Arguments.argumentSet("not an ARN", "role/Rolegate-for-account-123", "arn:aws:iam::123456789012:role/RoleName"),
                Arguments.argumentSet("role name with space", "arn:aws:iam::123456789012:role/Role gate", "role name"));
    }

    @ParameterizedTest
    @MethodSource("malformedRoleArns")
    void registerRejectsMalformedRoleArnNamingTheBrokenPart(String roleArn, String reason) {
        assertRejected(() -> register(registerBody("malformed-arn", roleArn, "customer-chosen-id", "eu-west-1")),
                400, "roleArn", reason);
    }

    @ParameterizedTest
    @MethodSource("malformedRoleArns")
    void connectRejectsMalformedRoleArnNamingTheBrokenPart(String roleArn, String reason) {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body(Map.of("roleArn", roleArn))
                .post(ACCOUNT + "/connect", project, accountId), 400, "roleArn", reason);
    }

    @Test
    void roleArnInAnotherPartitionThanThePlatformIsRejected() {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body(Map.of("roleArn", "arn:aws-cn:iam::123456789012:role/Rolegate"))
                .post(ACCOUNT + "/connect", project, accountId), 400, "roleArn", "partition aws-cn");
    }

    // ---- session durations and regions -------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {899, 43201})
    void setupRejectsSessionDurationOutsideStsBounds(int seconds) {
        assertRejected(() -> asPortal().contentType(ContentType.JSON)
                .body(Map.of("name", "duration", "region", "eu-west-1", "sessionDurationSeconds", seconds))
                .post(ACCOUNTS + "/setup", project), 400, "sessionDurationSeconds", "between 900 and 43200");
    }

    @ParameterizedTest
    @ValueSource(ints = {899, 43201})
    void registerRejectsSessionDurationOutsideStsBounds(int seconds) {
        Map<String, Object> body = registerBody("duration", randomRoleArn(), "customer-chosen-id", "eu-west-1");
        body.put("sessionDurationSeconds", seconds);
        assertRejected(() -> register(body), 400, "sessionDurationSeconds", "between 900 and 43200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-west-9", "aws-global"})
    void setupRejectsRegionTheSdkDoesNotServe(String region) {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body(Map.of("name", "region", "region", region))
                .post(ACCOUNTS + "/setup", project), 400, "region", "not a known AWS region");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-west-9", "aws-global"})
    void registerRejectsRegionTheSdkDoesNotServe(String region) {
        assertRejected(() -> register(registerBody("region", randomRoleArn(), "customer-chosen-id", region)),
                400, "region", "not a known AWS region");
    }

    @Test
    void setupRejectsRegionInAnotherPartitionThanThePlatform() {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body(Map.of("name", "beijing", "region", "cn-north-1"))
                .post(ACCOUNTS + "/setup", project), 400, "region", "partition aws-cn");
    }

    @Test
    void registerRejectsRegionInAnotherPartitionThanThePlatform() {
        assertRejected(() -> register(registerBody("beijing", randomRoleArn(), "customer-chosen-id", "cn-north-1")),
                400, "region", "partition aws-cn");
    }

    @Test
    void updateRejectsRegionInAnotherPartitionThanThePlatform() {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body(Map.of("region", "cn-north-1"))
                .patch(ACCOUNT, project, accountId), 400, "region", "partition aws-cn");
    }

    // ---- External IDs on the legacy register endpoint -----------------------------------------

    static Stream<Arguments> invalidExternalIds() {
        return Stream.of(
                Arguments.argumentSet("contains a space", "has a space"),
                Arguments.argumentSet("contains '#'", "hash#tag-external-id"),
                Arguments.argumentSet("1 character", "x"),
                Arguments.argumentSet("1225 characters", "e".repeat(1225)));
    }

    @ParameterizedTest
    @MethodSource("invalidExternalIds")
    void registerRejectsExternalIdOutsideStsRulesWithoutEchoingIt(String externalId) {
        Response response = assertRejected(() -> register(registerBody("bad-external-id", randomRoleArn(), externalId, "eu-west-1")),
                400, "externalId", "2-1224 characters");
        if (externalId.length() > 1) {
            assertThat(response.asString()).doesNotContain(externalId);
        }
    }

    @Test
    void rejectedExternalIdNeverAppearsInTheProblem() {
        String secret = "secret value#1";
        Response response = assertRejected(() -> register(registerBody("leak-check", randomRoleArn(), secret, "eu-west-1")),
                400, "externalId", "2-1224 characters");
        assertThat(response.asString()).doesNotContain(secret).doesNotContain("secret value");
    }

    @Test
    void externalIdInAnUnreadableBodyNeverAppearsInTheProblem() {
        String secret = "secret value#1";
        Response unknownField = assertRejected(() -> register("{\"externalId\":\"" + secret + "\",\"secretHint\":\"" + secret + "\"}"),
                400, "secretHint", "Unknown field");
        Response truncated = assertRejected(() -> register("{\"name\":\"x\",\"externalId\":\"" + secret + "\""),
                400, null, "not valid JSON");
        Response wrongType = assertRejected(() -> register("{\"name\":\"x\",\"externalId\":[\"" + secret + "\"]}"),
                400, "externalId", "wrong type");
        assertThat(unknownField.asString()).doesNotContain("secret value");
        assertThat(truncated.asString()).doesNotContain("secret value");
        assertThat(wrongType.asString()).doesNotContain("secret value");
    }

    // ---- bodies --------------------------------------------------------------------------------

    @Test
    void bodyLargerThanTheLimitIsRejectedAsTooLarge() {
        String body = "{\"name\":\"big\",\"region\":\"eu-west-1\",\"padding\":\"" + "x".repeat(MAX_REQUEST_BYTES) + "\"}";
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body(body).post(ACCOUNTS + "/setup", project),
                413, null, "larger than " + MAX_REQUEST_BYTES + " bytes");
    }

    /**
     * Sent over a raw socket: the server may answer and close before taking the whole body, and an ordinary client then
     * fails on the broken pipe without reading the answer (it did, under load).
     */
    @Test
    void bodyBeyondTheServerWideBodyLimitIsAlsoAProblem() {
        String body = "{\"name\":\"huge\",\"region\":\"eu-west-1\",\"padding\":\"" + "x".repeat(1_100_000) + "\"}";
        String before = DatabaseFingerprint.of(dataSource);
        sts.reset();

        RawHttp.Response response = RawHttp.request("POST", ACCOUNTS.replace("{p}", project) + "/setup")
                .header("Authorization", "Bearer " + TestTokens.portal()).header("Content-Type", "application/json")
                .body(body).send(RestAssured.port);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        assertThat(response.body()).contains("\"status\":413").contains("larger than " + MAX_REQUEST_BYTES + " bytes").doesNotContain("Exception");
        assertThat(DatabaseFingerprint.of(dataSource)).as("a rejected request stores nothing").isEqualTo(before);
        assertThat(sts.calls("AssumeRole")).as("a rejected request never reaches STS").isEmpty();
    }

    @Test
    void plainTextBodyIsRejectedAsUnsupportedMediaType() {
        assertRejected(() -> asPortal().contentType(ContentType.TEXT).body("name=plain&region=eu-west-1").post(ACCOUNTS + "/setup", project),
                415, null, "application/json");
    }

    @Test
    void malformedJsonIsRejected() {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body("{\"name\": \"broken\", \"region\": ")
                .post(ACCOUNTS + "/setup", project), 400, null, "not valid JSON (line 1")
                .then().body("type", equalTo("https://rolegate.dev/problems/malformed-body"));
    }

    @Test
    void unknownFieldIsRejectedByName() {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body(Map.of("name", "extra", "region", "eu-west-1", "owner", "alice"))
                .post(ACCOUNTS + "/setup", project), 400, "owner", "Unknown field 'owner'");
    }

    @Test
    void wronglyTypedFieldIsRejectedByName() {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body("{\"name\":\"typed\",\"region\":\"eu-west-1\",\"sessionDurationSeconds\":\"an hour\"}")
                .post(ACCOUNTS + "/setup", project), 400, "sessionDurationSeconds", "wrong type");
    }

    @Test
    void emptyBodyIsRejected() {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body("").post(ACCOUNTS + "/setup", project),
                400, null, "JSON body is required");
    }

    @Test
    void missingRequiredFieldsAreEachNamed() {
        Response response = assertRejected(() -> asPortal().contentType(ContentType.JSON).body(Map.of("sessionDurationSeconds", 3600))
                .post(ACCOUNTS + "/setup", project), 400, "name", "name");
        response.then().body("errors.field", hasItem("region"));
    }

    @Test
    void emptyPatchIsRejected() {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body("{}").patch(ACCOUNT, project, accountId),
                400, null, "name, region or sessionDurationSeconds must be given");
    }

    // ---- conflicts and preconditions ---------------------------------------------------------

    @Test
    void secondSetupWithTheSameNameIsAConflict() {
        assertRejected(() -> setupResponse("existing"), 409, null, "already has an account named 'existing'");
    }

    @Test
    void registerWithANameInUseIsAConflictAndSkipsSts() {
        assertRejected(() -> register(registerBody("existing", randomRoleArn(), "customer-chosen-id", "eu-west-1")),
                409, null, "already has an account named 'existing'");
    }

    @Test
    void renamingToANameInUseIsAConflict() {
        String second = setupResponse("second").then().statusCode(201).extract().path("account.id");
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body(Map.of("name", "existing")).patch(ACCOUNT, project, second),
                409, null, "already has an account named 'existing'");
    }

    @Test
    void staleIfMatchVersionFailsThePrecondition() {
        long version = ((Number) asPortal().get(ACCOUNT, project, accountId).then().statusCode(200).extract().path("version")).longValue();
        asPortal().contentType(ContentType.JSON).header("If-Match", "\"" + version + "\"").body(Map.of("name", "renamed-once"))
                .patch(ACCOUNT, project, accountId).then().statusCode(200);

        assertRejected(() -> asPortal().contentType(ContentType.JSON).header("If-Match", "\"" + version + "\"").body(Map.of("name", "renamed-twice"))
                .patch(ACCOUNT, project, accountId), 412, null, "not " + version);
    }

    @Test
    void unparseableIfMatchIsRejected() {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).header("If-Match", "\"v-three\"").body(Map.of("name", "renamed"))
                .patch(ACCOUNT, project, accountId), 400, "If-Match", "version");
    }

    // ---- paths and queries -------------------------------------------------------------------

    @Test
    void unknownProjectIsNotFound() {
        assertRejected(() -> setupResponseIn("no-such-project-" + UUID.randomUUID().toString().substring(0, 8), "orphan"),
                404, null, "is not registered");
    }

    @Test
    void unknownProjectHasNoAccountList() {
        assertRejected(() -> asPortal().get(ACCOUNTS, "no-such-project-" + UUID.randomUUID().toString().substring(0, 8)),
                404, null, "is not registered");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPPER_case", "-leading-dash", "trailing-dash-", "far-too-long-project-id-with-more-than-forty-characters"})
    void invalidProjectIdIsRejected(String projectId) {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body(Map.of("displayName", "invalid"))
                .put("/v1/projects/{p}", projectId), 400, "projectId", "lowercase");
        assertRejected(() -> setupResponseIn(projectId, "invalid-project"), 400, "projectId", "lowercase");
    }

    @Test
    void unknownAccountIdIsNotFound() {
        String unknown = UUID.randomUUID().toString();
        assertRejected(() -> asPortal().get(ACCOUNT, project, unknown), 404, null, unknown);
        assertRejected(() -> asPortal().get(ACCOUNT + "/setup", project, unknown), 404, null, unknown);
        assertRejected(() -> asPortal().post(ACCOUNT + "/verify", project, unknown), 404, null, unknown);
        assertRejected(() -> asPortal().delete(ACCOUNT, project, unknown), 404, null, unknown);
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body(Map.of("roleArn", randomRoleArn()))
                .post(ACCOUNT + "/connect", project, unknown), 404, null, unknown);
    }

    @Test
    void accountOfAnotherProjectIsNotFound() {
        String other = newProject();
        assertRejected(() -> asPortal().get(ACCOUNT, other, accountId), 404, null, accountId);
        assertRejected(() -> asPortal().delete(ACCOUNT, other, accountId), 404, null, accountId);
    }

    @Test
    void nonUuidAccountIdIsNotFound() {
        assertRejected(() -> asPortal().get(ACCOUNT, project, "not-a-uuid"), 404, null, "No such resource");
        assertRejected(() -> asPortal().delete(ACCOUNT, project, "12345"), 404, null, "No such resource");
    }

    @Test
    void unknownStatusFilterIsRejected() {
        assertRejected(() -> asPortal().queryParam("status", "HAPPY").get(ACCOUNTS, project), 400, "status", "PENDING_SETUP");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 101})
    void pageSizeOutsideOneToHundredIsRejected(int size) {
        assertRejected(() -> asPortal().queryParam("size", size).get(ACCOUNTS, project), 400, "size", "from 1 to 100");
    }

    @Test
    void negativePageIndexIsRejected() {
        assertRejected(() -> asPortal().queryParam("page", -1).get(ACCOUNTS, project), 400, "page", "from 0 to");
    }

    // ---- helpers -----------------------------------------------------------------------------

    /**
     * Sends the request and proves the rejection: status, problem media type, a detail carrying
     * {@code detailFragment}, the offending field (when one is at fault), no stored change and no STS call.
     */
    private Response assertRejected(Supplier<Response> request, int status, String field, String detailFragment) {
        sts.reset();
        String before = DatabaseFingerprint.of(dataSource);

        Response response = request.get();

        response.then()
                .statusCode(status)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(status))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("detail", containsString(detailFragment));
        if (field != null) {
            response.then().body("errors.field", hasItem(field));
        }
        response.then().body("detail", not(containsString("Exception")));
        assertThat(DatabaseFingerprint.of(dataSource)).as("a rejected request stores nothing").isEqualTo(before);
        assertThat(sts.calls("AssumeRole")).as("a rejected request never reaches STS").isEmpty();
        return response;
    }

    private Response register(Object body) {
        return asPortal().contentType(ContentType.JSON).body(body).post(ACCOUNTS, project);
    }

    private Response setupResponse(String name) {
        return setupResponseIn(project, name);
    }

    private static Response setupResponseIn(String projectId, String name) {
        return asPortal().contentType(ContentType.JSON).body(Map.of("name", name, "region", "eu-west-1")).post(ACCOUNTS + "/setup", projectId);
    }

    private static Map<String, Object> registerBody(String name, String roleArn, String externalId, String region) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("roleArn", roleArn);
        body.put("externalId", externalId);
        body.put("region", region);
        return body;
    }
}
