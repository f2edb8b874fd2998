package dev.rolegate.account;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.connect;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static dev.rolegate.testsupport.PortalApi.setup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeSts.Scripted;
import dev.rolegate.testsupport.FakeStsResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Setup, connect and verify against the fake STS, including its failure modes. */
@QuarkusTest
class AccountVerificationFlowTest {

    private final FakeSts sts = FakeStsResource.fake();
    private String project;

    @BeforeEach
    void freshState() {
        sts.reset();
        project = newProject();
    }

    @Test
    void connectWithMatchingTrustPolicyMarksAccountConnected() {
        JsonPath created = setup(project, "production", "eu-west-1").statusCode(201).extract().jsonPath();
        String accountId = created.getString("account.id");
        String externalId = created.getString("setup.externalId");
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, externalId, 3600);

        connect(project, accountId, roleArn).statusCode(200)
                .body("status", equalTo("CONNECTED"))
                .body("roleArn", equalTo(roleArn))
                .body("awsAccountId", equalTo(roleArn.split(":")[4]))
                .body("lastVerifiedAt", notNullValue())
                .body("lastError", nullValue())
                .body("externalIdMasked", equalTo("****" + externalId.substring(externalId.length() - 4)));

        FakeSts.Call assume = sts.calls("AssumeRole").get(0);
        assertThat(assume.parameters()).containsEntry("ExternalId", externalId).containsEntry("RoleArn", roleArn);
        assertThat(assume.parameters().get("RoleSessionName")).startsWith("rolegate-" + project);
        assertThat(assume.region()).isEqualTo("eu-west-1");
        assertThat(sts.calls("GetCallerIdentity")).hasSize(1);
    }

    @Test
    void wrongExternalIdInTrustPolicyMarksAccessDeniedWithGuidance() {
        String accountId = setup(project, "prod", "us-east-1").statusCode(201).extract().path("account.id");
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, "some-other-external-id", 3600);

        connect(project, accountId, roleArn).statusCode(200)
                .body("status", equalTo("ACCESS_DENIED"))
                .body("lastError", containsString("trust policy"))
                .body("lastError", containsString("ExternalId"));
        assertThat(sts.calls("AssumeRole")).as("AccessDenied is never retried").hasSize(1);
    }

    @Test
    void deletedRoleIsAccessDenied() {
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, "customer-chosen-id-1", 3600);
        String accountId = registerLegacy(roleArn, "customer-chosen-id-1");
        assertThat(status(accountId)).isEqualTo("CONNECTED");

        sts.deleteRole(roleArn);

        verify(accountId).statusCode(200).body("status", equalTo("ACCESS_DENIED"));
    }

    @Test
    void throttlingIsRetriedAndThenSucceeds() {
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, "customer-chosen-id-2", 3600);
        sts.enqueue("AssumeRole", Scripted.throttling(), Scripted.throttling());

        String accountId = registerLegacy(roleArn, "customer-chosen-id-2");

        assertThat(status(accountId)).isEqualTo("CONNECTED");
        assertThat(sts.calls("AssumeRole")).extracting(FakeSts.Call::status).containsExactly(400, 400, 200);
    }

    @Test
    void persistentThrottlingEndsInErrorAfterBoundedAttempts() {
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, "customer-chosen-id-3", 3600);
        sts.enqueue("AssumeRole", Scripted.throttling(), Scripted.throttling(), Scripted.throttling(), Scripted.throttling());

        String accountId = registerLegacy(roleArn, "customer-chosen-id-3");

        asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, accountId).then()
                .body("status", equalTo("ERROR"))
                .body("lastError", containsString("throttled"));
        assertThat(sts.calls("AssumeRole")).as("max-attempts=3 in the test profile").hasSize(3);
    }

    @Test
    void serverErrorsAndConnectionResetsAreRetried() {
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, "customer-chosen-id-4", 3600);
        sts.enqueue("AssumeRole", Scripted.internalFailure(), Scripted.connectionReset());

        String accountId = registerLegacy(roleArn, "customer-chosen-id-4");

        assertThat(status(accountId)).isEqualTo("CONNECTED");
        assertThat(sts.calls("AssumeRole")).hasSize(3);
    }

    @Test
    void stsSlowerThanTheAttemptTimeoutEndsInErrorAfterRetries() {
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, "customer-chosen-id-5", 3600);
        sts.enqueue("AssumeRole", Scripted.delay(2500), Scripted.delay(2500), Scripted.delay(2500));

        String accountId = registerLegacy(roleArn, "customer-chosen-id-5");

        asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, accountId).then()
                .body("status", equalTo("ERROR"))
                .body("lastError", containsString("could not be reached"));
    }

    @Test
    void disabledRegionIsAnErrorNamingTheRegion() {
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, "customer-chosen-id-6", 3600);
        sts.disableRegion("ap-southeast-2");

        String accountId = asPortal().contentType(ContentType.JSON)
                .body(Map.of("name", "sydney", "roleArn", roleArn, "externalId", "customer-chosen-id-6", "region", "ap-southeast-2"))
                .post("/v1/projects/{p}/aws-accounts", project).then().statusCode(201)
                .body("status", equalTo("ERROR"))
                .body("lastError", containsString("ap-southeast-2"))
                .extract().path("id");
        assertThat(sts.calls("AssumeRole")).as("RegionDisabled is not retried").hasSize(1);
        assertThat(accountId).isNotNull();
    }

    @Test
    void callerIdentityInAnotherAccountIsAnError() {
        String roleArn = randomRoleArn();
        sts.createRoleReportingAccount(roleArn, "customer-chosen-id-7", "999999999999");

        String accountId = registerLegacy(roleArn, "customer-chosen-id-7");

        asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, accountId).then()
                .body("status", equalTo("ERROR"))
                .body("lastError", containsString("999999999999"));
    }

    @Test
    void reVerificationRecoversAnAccountOnceTheCustomerFixesTheTrustPolicy() {
        JsonPath created = setup(project, "staging", "eu-central-1").statusCode(201).extract().jsonPath();
        String accountId = created.getString("account.id");
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, "not-yet-updated", 3600);
        connect(project, accountId, roleArn).body("status", equalTo("ACCESS_DENIED"));

        sts.createRole(roleArn, created.getString("setup.externalId"), 3600);

        verify(accountId).statusCode(200).body("status", equalTo("CONNECTED")).body("lastError", nullValue());
    }

    @Test
    void verifyingAnAccountWithoutRoleIsAConflict() {
        String accountId = setup(project, "pending", "eu-west-1").statusCode(201).extract().path("account.id");

        verify(accountId).statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("connect it first"));
        assertThat(sts.calls("AssumeRole")).isEmpty();
    }

    @Test
    void registerLegacyFlowStoresCustomerOrigin() {
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, "customer-chosen-id-8", 3600);
        String accountId = registerLegacy(roleArn, "customer-chosen-id-8");

        asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, accountId).then()
                .body("externalIdOrigin", equalTo("CUSTOMER"))
                .body("externalIdMasked", startsWith("****"))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("externalId")));
    }

    private String registerLegacy(String roleArn, String externalId) {
        return asPortal().contentType(ContentType.JSON)
                .body(Map.of("name", "legacy-" + externalId, "roleArn", roleArn, "externalId", externalId, "region", "eu-west-1"))
                .post("/v1/projects/{p}/aws-accounts", project).then().statusCode(201)
                .extract().path("id");
    }

    private io.restassured.response.ValidatableResponse verify(String accountId) {
        return asPortal().post("/v1/projects/{p}/aws-accounts/{a}/verify", project, accountId).then();
    }

    private String status(String accountId) {
        return asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, accountId).then().statusCode(200).extract().path("status");
    }
}
