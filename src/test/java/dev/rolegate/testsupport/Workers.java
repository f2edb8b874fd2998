package dev.rolegate.testsupport;

import static dev.rolegate.testsupport.PortalApi.asPortal;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Worker tokens and grants created through the portal's admin API. */
public final class Workers {

    private Workers() {
    }

    /** A new worker token of the project: its id and the secret shown once. */
    public record Token(String id, String secret) {
    }

    public static Token newToken(String projectId) {
        JsonPath created = asPortal().contentType(ContentType.JSON).body(Map.of("name", "worker-" + UUID.randomUUID().toString().substring(0, 8)))
                .post("/v1/projects/{p}/worker-tokens", projectId).then().statusCode(201).extract().jsonPath();
        Token token = new Token(created.getString("workerToken.id"), created.getString("token"));
        SecretLedger.remember(token.secret());
        return token;
    }

    /** Grants the token the listed accounts, or every account of the project when none are listed. */
    public static void grant(String projectId, Token token, UUID... accounts) {
        Map<String, Object> body = new HashMap<>(Map.of("identityKind", "WORKER_TOKEN", "identity", token.id()));
        if (accounts.length > 0) {
            body.put("accountIds", List.of(accounts));
        }
        asPortal().contentType(ContentType.JSON).body(body).post("/v1/projects/{p}/grants", projectId).then().statusCode(201);
    }

    public static void revoke(String projectId, Token token) {
        asPortal().delete("/v1/projects/{p}/worker-tokens/{t}", projectId, token.id()).then().statusCode(204);
    }
}
