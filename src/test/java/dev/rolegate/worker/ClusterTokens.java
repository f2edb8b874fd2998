package dev.rolegate.worker;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Mints Kubernetes projected service-account tokens for tests, signed with the test "cluster" key under
 * src/test/resources/test-keys (whose public half is k8s-cluster-test-jwks.json and -public.pem).
 */
public final class ClusterTokens {

    public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    public static final String AUDIENCE = "rolegate";
    public static final String JWKS = "test-keys/k8s-cluster-test-jwks.json";
    public static final String PUBLIC_PEM = "test-keys/k8s-cluster-test-public.pem";
    static final String CLUSTER_KEY = "test-keys/k8s-cluster-test-private.pem";
    static final String UNTRUSTED_KEY = "test-keys/untrusted-private.pem";
    static final String PORTAL_KEY = "test-keys/portal-test-private.pem";
    /** The key id in the test JWKS (the base64url SHA-256 of the public key, as Kubernetes computes it). */
    public static final String KEY_ID = "uvmiQ3QWZaz7kuUjHTj_spOtqqrElzwPiHd3_ERDyqY";

    private ClusterTokens() {
    }

    /** A valid token for system:serviceaccount:namespace:name, expiring in 10 minutes. */
    public static String serviceAccount(String namespace, String name) {
        return sign(claims("system:serviceaccount:" + namespace + ":" + name, ISSUER, AUDIENCE, Instant.now().plusSeconds(600)), CLUSTER_KEY);
    }

    public static String expired(String subject) {
        return sign(claims(subject, ISSUER, AUDIENCE, Instant.now().minusSeconds(600)).issuedAt(Instant.now().minusSeconds(1200)), CLUSTER_KEY);
    }

    public static String withSubject(String subject) {
        return sign(claims(subject, ISSUER, AUDIENCE, Instant.now().plusSeconds(600)), CLUSTER_KEY);
    }

    public static String withAudience(String subject, String audience) {
        return sign(claims(subject, ISSUER, audience, Instant.now().plusSeconds(600)), CLUSTER_KEY);
    }

    public static String withIssuer(String subject, String issuer) {
        return sign(claims(subject, issuer, AUDIENCE, Instant.now().plusSeconds(600)), CLUSTER_KEY);
    }

    public static String expiringAt(String subject, Instant expiresAt) {
        return sign(claims(subject, ISSUER, AUDIENCE, expiresAt), CLUSTER_KEY);
    }

    /** Everything right, but signed by a key the cluster's JWKS does not hold (under the cluster's key id). */
    public static String signedByUntrustedKey(String subject) {
        return sign(claims(subject, ISSUER, AUDIENCE, Instant.now().plusSeconds(600)), UNTRUSTED_KEY);
    }

    /** Everything right, but signed by the key rolegate trusts for portal tokens. */
    public static String signedByPortalKey(String subject) {
        return sign(claims(subject, ISSUER, AUDIENCE, Instant.now().plusSeconds(600)), PORTAL_KEY);
    }

    private static JwtClaimsBuilder claims(String subject, String issuer, String audience, Instant expiresAt) {
        String[] parts = subject.split(":");
        String namespace = parts.length == 4 ? parts[2] : "default";
        String name = parts.length == 4 ? parts[3] : "default";
        return Jwt.issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issuedAt(Instant.now())
                .expiresAt(expiresAt)
                .claim("nbf", Instant.now().getEpochSecond())
                .claim("kubernetes.io", Map.of(
                        "namespace", namespace,
                        "serviceaccount", Map.of("name", name, "uid", UUID.randomUUID().toString()),
                        "pod", Map.of("name", name + "-7d4b9c", "uid", UUID.randomUUID().toString())));
    }

    private static String sign(JwtClaimsBuilder claims, String keyLocation) {
        return claims.jws().keyId(KEY_ID).algorithm(SignatureAlgorithm.RS256).sign(keyLocation);
    }
}
