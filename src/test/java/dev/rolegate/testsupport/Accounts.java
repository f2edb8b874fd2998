package dev.rolegate.testsupport;

import static dev.rolegate.testsupport.PortalApi.asPortal;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Creates CONNECTED accounts through the API, with a matching role in the fake STS. */
public final class Accounts {

    private Accounts() {
    }

    /** A connected account whose role allows sessions up to {@code maxSessionDuration}; returns its id. */
    public static UUID connected(FakeSts sts, String projectId, String roleArn, int durationSeconds, int maxSessionDuration) {
        String externalId = "ext-" + UUID.randomUUID();
        sts.createRole(roleArn, externalId, maxSessionDuration);
        String id = asPortal().contentType(ContentType.JSON)
                .body(Map.of("name", "acct-" + UUID.randomUUID().toString().substring(0, 8), "roleArn", roleArn, "externalId", externalId,
                        "region", "eu-west-1", "sessionDurationSeconds", durationSeconds))
                .post("/v1/projects/{p}/aws-accounts", projectId).then().statusCode(201)
                .extract().path("id");
        String status = asPortal().get("/v1/projects/{p}/aws-accounts/{a}", projectId, id).then().extract().path("status");
        if (!"CONNECTED".equals(status)) {
            throw new IllegalStateException("test account did not connect: " + status);
        }
        return UUID.fromString(id);
    }
}
