package dev.rolegate.http;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static dev.rolegate.testsupport.PortalApi.setup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.DatabaseFingerprint;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.RawHttp;
import dev.rolegate.testsupport.TestTokens;
import dev.rolegate.testsupport.Workers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile inputs issue 9 found answering 5xx or a wrong 2xx, each as the request that did it:
 * now a 4xx problem naming what is wrong, with nothing stored and no STS call.
 */
@QuarkusTest
class HostileInputTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    AgroalDataSource dataSource;

    private final FakeSts sts = FakeStsResource.fake();
    private String project;
    private UUID account;
    private Workers.Token worker;

    @BeforeEach
    void connectedAccountAndAGrantedWorkerToken() {
        MutableClock.shared().reset();
        sts.reset();
        project = newProject();
        account = Accounts.connected(sts, project, randomRoleArn(), 3600, 43200);
        worker = Workers.newToken(project);
        Workers.grant(project, worker);
        given().header("Authorization", worker.secret()).get("/v1/credential-process/{p}/{a}", project, account).then().statusCode(200);
        sts.reset();
    }

    // ---- 5xx before --------------------------------------------------------------------------------

    @Test
    void nulInAPathParameterOnTheCredentialPathIsA400() {
        assertRefused(() -> given().urlEncodingEnabled(false).header("Authorization", worker.secret())
                .get("/v1/credential-process/" + project + "/prod%00uction"), 400, null, "U+0000");
    }

    @Test
    void nulInABodyFieldIsA400NamingTheField() {
        assertRefused(() -> asPortal().contentType(ContentType.JSON).body("{\"displayName\":\"Acme\\u0000\"}").put("/v1/projects/{p}", project),
                400, "displayName", "U+0000");
    }

    @Test
    void nulInAQueryFilterIsA400() {
        assertRefused(() -> asPortal().urlEncodingEnabled(false).get("/v1/audit?actor=portal%00x"), 400, null, "U+0000");
    }

    @Test
    void pageTimesSizeBeyondIntIsA400NamingPage() {
        assertRefused(() -> asPortal().queryParam("page", Integer.MAX_VALUE).queryParam("size", 100).get("/v1/projects/{p}/aws-accounts", project),
                400, "page", "from 0 to 1000000");
    }

    @Test
    void auditRangeNearTheLargestInstantIsA400NamingFrom() {
        assertRefused(() -> asPortal().queryParam("from", "+1000000000-12-31T23:59:59Z").get("/v1/audit"), 400, "from", "between");
    }

    @Test
    void nullElementInPolicyArnsIsA400NamingTheElement() {
        assertRefused(() -> credentials("{\"projectId\":\"" + project + "\",\"account\":\"" + account + "\",\"policyArns\":[\"arn:aws:iam::aws:policy/ReadOnlyAccess\",null]}"),
                400, "policyArns.[1]", "must not be null");
    }

    @Test
    void duplicateKeyInAOneFieldBodyIsA400NotAnEmpty500() {
        assertRefused(() -> asPortal().contentType(ContentType.JSON).body("{\"displayName\":\"A\",\"displayName\":\"B\"}").put("/v1/projects/{p}", project),
                400, "displayName", "more than once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "{\"a\":\"portal\"}", "[1,2]", "[[\"portal\"]]"})
    void groupsClaimOfAnotherJsonTypeInASignedTokenIsA403NotA500(String groups) {
        String token = signRaw("{\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"portal-backend\"," + times() + ",\"groups\":" + groups + "}");

        given().auth().oauth2(token).get("/v1/projects/{p}", project).then().statusCode(403).contentType(PROBLEM_JSON);
    }

    @Test
    void handSignedTokenWithAWellTypedGroupsClaimIsAccepted() {
        String token = signRaw("{\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"portal-backend\"," + times() + ",\"groups\":[\"portal\"]}");

        given().auth().oauth2(token).get("/v1/projects/{p}", project).then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"portal\u0000backend", "portal\u202ebackend", "line\nbreak"})
    void principalNameWithControlOrBidiCharactersAuthenticatesNobody(String name) {
        String token = sign(Jwt.issuer(TestTokens.ISSUER).upn(name).subject(name).groups("portal").expiresAt(Instant.now().plusSeconds(600)));

        assertRefused(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "by-" + UUID.randomUUID().toString().substring(0, 6)))
                .post("/v1/projects/{p}/worker-tokens", project), 401, null, "bearer token");
    }

    @Test
    void principalNameOfAnotherJsonTypeAuthenticatesNobody() {
        String token = signRaw("{\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"portal-backend\",\"upn\":5," + times()
                + ",\"groups\":[\"portal\"]}");

        assertRefused(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "numeric-upn"))
                .post("/v1/projects/{p}/worker-tokens", project), 401, null, "bearer token");
    }

    // ---- wrong 2xx before ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[]", "1", "true"})
    void sessionPolicyThatIsNotAPolicyDocumentIsA400BeforeAnyStsCall(String policy) {
        assertRefused(() -> credentials(Map.of("projectId", project, "account", account.toString(), "sessionPolicy", policy)),
                400, "sessionPolicy", "IAM policy document");
    }

    @Test
    void duplicateKeyIsRefusedInsteadOfTheLastOneWinning() {
        assertRefused(() -> credentials("{\"projectId\":\"p-other\",\"projectId\":\"" + project + "\",\"account\":\"" + account + "\"}"),
                400, "projectId", "more than once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"3600\"", "3600.5", "36e2"})
    void integerFieldGivenAnythingButAnIntegerIsA400NamingIt(String value) {
        assertRefused(() -> credentials("{\"projectId\":\"" + project + "\",\"account\":\"" + account + "\",\"minValiditySeconds\":" + value + "}"),
                400, "minValiditySeconds", "wrong type");
    }

    @Test
    void stringFieldGivenABooleanIsA400NamingIt() {
        assertRefused(() -> asPortal().contentType(ContentType.JSON).body("{\"displayName\":true}").put("/v1/projects/{p}", project),
                400, "displayName", "wrong type");
    }

    @Test
    void contentAfterTheDocumentIsA400() {
        assertRefused(() -> credentials("{\"projectId\":\"" + project + "\",\"account\":\"" + account + "\"} {}"), 400, null, "after the JSON document");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/plain", "*/*", "application/*", "application/json; charset=utf-16"})
    void jsonRouteWithoutAJsonContentTypeIsA415(String contentType) {
        String before = DatabaseFingerprint.of(dataSource);
        RawHttp request = RawHttp.request("POST", "/v1/credentials").header("Authorization", "Bearer " + worker.secret())
                .body("{\"projectId\":\"" + project + "\",\"account\":\"" + account + "\"}");
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }

        RawHttp.Response response = request.send(RestAssured.port);

        assertThat(response.status()).as(response.body()).isEqualTo(415);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        assertThat(response.body()).contains("application/json");
        assertThat(DatabaseFingerprint.of(dataSource)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acme\u202e", "Acme\u2066x", "Acme\tTab", "Acme\nLine", "Acme\u0085"})
    void displayNameWithControlBidiOrLineBreakCharactersIsRefused(String name) {
        assertRefused(() -> asPortal().contentType(ContentType.JSON).body(Map.of("displayName", name)).put("/v1/projects/{p}", project),
                400, "displayName", "U+");
    }

    @Test
    void roleArnWithATwoKilobytePathIsRefused() {
        String pending = setup(project, "pending", "eu-west-1").statusCode(201).extract().path("account.id");
        String arn = "arn:aws:iam::123456789012:role/" + "seg/".repeat(500) + "Deploy";

        assertRefused(() -> asPortal().contentType(ContentType.JSON).body(Map.of("roleArn", arn))
                .post("/v1/projects/{p}/aws-accounts/{a}/connect", project, pending), 400, "roleArn", "512 characters");
    }

    @Test
    void nonNumericQueryNumberIsA400NamingItNotA404() {
        assertRefused(() -> asPortal().queryParam("size", "twenty").get("/v1/projects/{p}/aws-accounts", project), 400, "size", "integer");
    }

    @Test
    void chunkedCredentialRequestWithinTheLimitIsServed() {
        RawHttp.Response response = RawHttp.request("POST", "/v1/credentials").header("Authorization", "Bearer " + worker.secret())
                .header("Content-Type", "application/json")
                .chunkedBody(("{\"projectId\":\"" + project + "\",\"account\":\"" + account + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .send(RestAssured.port);

        assertThat(response.status()).as("chunked bodies are read, not dropped").isEqualTo(200);
        assertThat(response.body()).contains("\"accessKeyId\"");
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private Response credentials(Object body) {
        return given().header("Authorization", "Bearer " + worker.secret()).contentType(ContentType.JSON).body(body).post("/v1/credentials");
    }

    /** The refusal: status, problem media type, detail, the field at fault, nothing stored, no STS call. */
    private void assertRefused(Supplier<Response> request, int status, String field, String detailFragment) {
        String before = DatabaseFingerprint.of(dataSource);

        Response response = request.get();

        response.then().statusCode(status).contentType(PROBLEM_JSON).body("status", equalTo(status)).body("detail", containsString(detailFragment));
        if (field != null) {
            response.then().body("errors.field", hasItem(field));
        }
        assertThat(response.asString()).doesNotContain("Exception");
        assertThat(DatabaseFingerprint.of(dataSource)).as("a refused request stores nothing").isEqualTo(before);
        assertThat(sts.calls("AssumeRole")).as("a refused request never reaches STS").isEmpty();
    }

    private static String times() {
        long now = Instant.now().getEpochSecond();
        return "\"iat\":" + now + ",\"exp\":" + (now + 600);
    }

    /** Signs claims as written: the token builder refuses claims of the wrong type, which is the point here. */
    private static String signRaw(String claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setKey(KeyUtils.readPrivateKey("test-keys/portal-test-private.pem"));
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JwtClaimsBuilder claims) {
        return claims.jws().algorithm(SignatureAlgorithm.RS256).sign("test-keys/portal-test-private.pem");
    }
}
