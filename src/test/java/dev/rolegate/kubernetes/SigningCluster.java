package dev.rolegate.kubernetes;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * A test cluster's service-account signer: an RSA key pair whose key id is the base64url SHA-256 of the public key,
 * as kube-apiserver computes it, its JWKS as {@code /openid/v1/jwks} serves it, and tokens shaped like projected ones.
 */
public record SigningCluster(String issuer, KeyPair keys, String keyId) {

    public static SigningCluster generate(String issuer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());
            return new SigningCluster(issuer, keys, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same issuer with a new signing key: a key rotation. */
    public SigningCluster rotated() {
        return generate(issuer);
    }

    /** The JWKS as the API server serves it: {"keys":[{"use":"sig","kty":"RSA","kid":...,"alg":"RS256","n":...,"e":"AQAB"}]}. */
    public String jwks() {
        return jwksOf(this);
    }

    public static String jwksOf(SigningCluster... clusters) {
        JsonWebKeySet set = new JsonWebKeySet();
        for (SigningCluster cluster : clusters) {
            RsaJsonWebKey key = new RsaJsonWebKey((RSAPublicKey) cluster.keys.getPublic());
            key.setKeyId(cluster.keyId);
            key.setUse("sig");
            key.setAlgorithm("RS256");
            set.addJsonWebKey(key);
        }
        return set.toJson();
    }

    /** A valid projected token for system:serviceaccount:namespace:name, audience rolegate, expiring in 10 minutes. */
    public String token(String namespace, String name) {
        return token(namespace, name, issuer, Instant.now().plusSeconds(600));
    }

    /** Signed by this cluster's key, but claiming {@code claimedIssuer}. */
    public String tokenClaiming(String claimedIssuer, String namespace, String name) {
        return token(namespace, name, claimedIssuer, Instant.now().plusSeconds(600));
    }

    public String token(String namespace, String name, String claimedIssuer, Instant expiresAt) {
        return Jwt.issuer(claimedIssuer)
                .subject("system:serviceaccount:" + namespace + ":" + name)
                .audience("rolegate")
                .issuedAt(Instant.now())
                .expiresAt(expiresAt)
                .claim("nbf", Instant.now().getEpochSecond())
                .claim("kubernetes.io", Map.of("namespace", namespace,
                        "serviceaccount", Map.of("name", name, "uid", UUID.randomUUID().toString()),
                        "pod", Map.of("name", name + "-7d4b9c", "uid", UUID.randomUUID().toString())))
                .jws().keyId(keyId).algorithm(SignatureAlgorithm.RS256).sign(keys.getPrivate());
    }
}
