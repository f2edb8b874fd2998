package dev.rolegate.ops;

import static dev.rolegate.testsupport.PortalApi.newProject;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.rolegate.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.util.KeyUtils;
import java.time.Instant;
import java.util.List;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/**
 * The portal token rules the README states: iat is required, and exp at most smallrye.jwt.time-to-live (3600 s) after
 * it. A correctly signed token that breaks one of them is refused with a detail that says which.
 */
@QuarkusTest
class PortalTokenLifetimeTest {

    @Test
    void tokenWithoutIatIsRefusedSayingSo() throws Exception {
        long now = Instant.now().getEpochSecond();

        given().auth().oauth2(token(null, now + 600)).get("/v1/projects/{p}", "any").then().statusCode(401)
                .body("detail", containsString("no iat")).body("detail", containsString("3600 s"));
    }

    @Test
    void tokenLivingLongerThanAnHourIsRefusedSayingSo() throws Exception {
        long now = Instant.now().getEpochSecond();

        given().auth().oauth2(token(now, now + 7200)).get("/v1/projects/{p}", "any").then().statusCode(401)
                .body("detail", equalTo("The token lives too long: its exp must be at most 3600 s after its iat"));
    }

    @Test
    void tokenLivingExactlyAnHourIsAccepted() throws Exception {
        long now = Instant.now().getEpochSecond();
        String project = newProject();

        given().auth().oauth2(token(now, now + 3600)).get("/v1/projects/{p}", project).then().statusCode(200);
    }

    @Test
    void otherRefusalsKeepTheGeneralDetail() {
        given().auth().oauth2(TestTokens.wrongIssuer()).get("/v1/projects/{p}", "any").then().statusCode(401)
                .body("detail", equalTo("A valid bearer token is required: check its signature, issuer and expiry"));
    }

    /** A portal token signed with the trusted test key; {@code issuedAt} null leaves iat out (the JWT builder always adds one). */
    private static String token(Long issuedAt, long expiresAt) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(TestTokens.ISSUER);
        claims.setSubject("portal-backend");
        claims.setClaim("upn", "portal-backend");
        claims.setStringListClaim("groups", List.of("portal"));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt));
        if (issuedAt != null) {
            claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKey(KeyUtils.readPrivateKey("test-keys/portal-test-private.pem"));
        return jws.getCompactSerialization();
    }
}
