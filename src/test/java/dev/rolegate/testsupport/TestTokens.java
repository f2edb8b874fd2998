package dev.rolegate.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Instant;
import java.util.Set;

/** Mints portal JWTs for tests with the key pair under src/test/resources/test-keys. */
public final class TestTokens {

    public static final String ISSUER = "https://portal.test.rolegate.local";
    private static final String TRUSTED_KEY = "test-keys/portal-test-private.pem";
    private static final String UNTRUSTED_KEY = "test-keys/untrusted-private.pem";

    private TestTokens() {
    }

    /** A valid token carrying the portal role in {@code groups}. */
    public static String portal() {
        return sign(claims(ISSUER, Set.of("portal"), Instant.now().plusSeconds(600)), TRUSTED_KEY);
    }

    /** A valid token carrying {@code portal} in an OAuth {@code scope} claim instead of {@code groups}. */
    public static String portalScope() {
        return sign(claims(ISSUER, Set.of(), Instant.now().plusSeconds(600)).claim("scope", "openid portal"), TRUSTED_KEY);
    }

    public static String withoutPortalRole() {
        return sign(claims(ISSUER, Set.of("viewer"), Instant.now().plusSeconds(600)), TRUSTED_KEY);
    }

    public static String expired() {
        JwtClaimsBuilder claims = claims(ISSUER, Set.of("portal"), Instant.now().minusSeconds(600)).issuedAt(Instant.now().minusSeconds(1200));
        return sign(claims, TRUSTED_KEY);
    }

    public static String wrongIssuer() {
        return sign(claims("https://evil.example.com", Set.of("portal"), Instant.now().plusSeconds(600)), TRUSTED_KEY);
    }

    public static String badSignature() {
        return sign(claims(ISSUER, Set.of("portal"), Instant.now().plusSeconds(600)), UNTRUSTED_KEY);
    }

    private static JwtClaimsBuilder claims(String issuer, Set<String> groups, Instant expiresAt) {
        JwtClaimsBuilder builder = Jwt.issuer(issuer).upn("portal-backend").subject("portal-backend").expiresAt(expiresAt);
        return groups.isEmpty() ? builder : builder.groups(groups);
    }

    private static String sign(JwtClaimsBuilder claims, String keyLocation) {
        return claims.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(keyLocation);
    }
}
