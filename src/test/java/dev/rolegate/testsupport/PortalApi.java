package dev.rolegate.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** REST Assured shortcuts for the portal API, authenticated as the portal. */
public final class PortalApi {

    private PortalApi() {
    }

    public static RequestSpecification asPortal() {
        return given().auth().oauth2(TestTokens.portal());
    }

    /** A fresh project id, so tests sharing one database never see each other's accounts. */
    public static String newProject() {
        String id = "p-" + UUID.randomUUID().toString().substring(0, 8);
        asPortal().contentType(ContentType.JSON).body(Map.of("displayName", "Project " + id))
                .put("/v1/projects/{p}", id).then().statusCode(201);
        return id;
    }

    public static ValidatableResponse setup(String projectId, String name, String region) {
        ValidatableResponse response = asPortal().contentType(ContentType.JSON).body(Map.of("name", name, "region", region))
                .post("/v1/projects/{p}/aws-accounts/setup", projectId).then();
        String externalId = response.extract().path("setup.externalId");
        if (externalId != null) {
            SecretLedger.remember(externalId);
        }
        return response;
    }

    public static ValidatableResponse connect(String projectId, String accountId, String roleArn) {
        return asPortal().contentType(ContentType.JSON).body(Map.of("roleArn", roleArn))
                .post("/v1/projects/{p}/aws-accounts/{a}/connect", projectId, accountId).then();
    }

    /** A role ARN in a random customer account. */
    public static String randomRoleArn() {
        long digits = Math.abs(UUID.randomUUID().getMostSignificantBits()) % 1_000_000_000_000L;
        return String.format("arn:aws:iam::%012d:role/RolegateAccess-test", digits);
    }
}
