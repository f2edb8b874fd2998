package dev.rolegate.kubernetes;

import dev.rolegate.worker.ServiceAccountNames;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * A cluster whose tokens are verified locally with jose4j against its key set: signature (asymmetric algorithms only),
 * issuer, audience, expiry, and a service-account subject. A verified token is trusted until its exp, for at most
 * the cache max age, so a key rotation is noticed. Refusals are not remembered: checking again costs no call.
 */
final class JwksCluster implements TrustedCluster {

    private static final AlgorithmConstraints ASYMMETRIC = new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384, AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256);

    private final String issuer;
    private final String audience;
    private final ClusterKeys keys;
    private final Duration clockSkew;
    private final Duration cacheMaxAge;
    private final ClusterIdentities identities;

    JwksCluster(String issuer, String audience, ClusterKeys keys, Duration clockSkew, Duration cacheMaxAge, ClusterIdentities identities) {
        this.identities = identities;
        this.issuer = issuer;
        this.audience = audience;
        this.keys = keys;
        this.clockSkew = clockSkew;
        this.cacheMaxAge = cacheMaxAge;
    }

    @Override
    public Verdict verify(String token, UnverifiedClaims claims, Instant now) {
        try {
            try {
                return trusted(check(token, keys.current(), now), now);
            } catch (UnknownKeyId first) {
                return trusted(check(token, keys.afterUnknownKeyId(), now), now);
            }
        } catch (UnknownKeyId again) {
            return refused(Reason.BAD_SIGNATURE, now);
        } catch (InvalidJwtException invalid) {
            return refused(reasonOf(invalid), now);
        }
    }

    @Override
    public void refresh() {
        keys.refresh();
    }

    private Verdict trusted(JwtClaims verified, Instant now) {
        try {
            String subject = verified.getSubject();
            if (!ServiceAccountNames.isServiceAccount(subject)) {
                return refused(Reason.NOT_A_SERVICE_ACCOUNT, now);
            }
            Instant expiresAt = Instant.ofEpochSecond(verified.getExpirationTime().getValue());
            return new Verdict.Trusted(identities.of(subject), Verdict.earliest(now.plus(cacheMaxAge), expiresAt));
        } catch (MalformedClaimException | RuntimeException malformed) {
            return refused(Reason.INVALID, now);
        }
    }

    /** The token's claims once its signature and claims check out. */
    private JwtClaims check(String token, List<JsonWebKey> keySet, Instant now) throws InvalidJwtException, UnknownKeyId {
        try {
            return new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setAllowedClockSkewInSeconds((int) clockSkew.toSeconds())
                    .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
                    .setExpectedIssuer(issuer)
                    .setExpectedAudience(audience)
                    .setJwsAlgorithmConstraints(ASYMMETRIC)
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(keySet))
                    .build()
                    .processToClaims(token);
        } catch (InvalidJwtException e) {
            if (hasCause(e, UnresolvableKeyException.class)) {
                throw new UnknownKeyId();
            }
            throw e;
        }
    }

    static Reason reasonOf(InvalidJwtException invalid) {
        if (invalid.hasExpired()) {
            return Reason.EXPIRED;
        }
        if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return Reason.WRONG_AUDIENCE;
        }
        if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return Reason.WRONG_ISSUER;
        }
        if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return Reason.BAD_SIGNATURE;
        }
        return Reason.INVALID;
    }

    private Verdict refused(Reason reason, Instant now) {
        return new Verdict.Refused(reason, messageFor(reason), now);
    }

    private String messageFor(Reason reason) {
        return switch (reason) {
            case EXPIRED -> "The service-account token has expired";
            case WRONG_AUDIENCE -> "The service-account token is not meant for audience '" + audience + "'";
            case WRONG_ISSUER -> "The service-account token was not issued by " + issuer;
            case BAD_SIGNATURE -> "The service-account token is not signed by a key of the cluster that issues for " + issuer;
            case NOT_A_SERVICE_ACCOUNT -> "The token's subject is not a Kubernetes service account (system:serviceaccount:<namespace>:<name>)";
            default -> "The token is neither a worker token ('rgw_...') nor a valid service-account JWT";
        };
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The token names a key id the key set lacks: worth one refetch. */
    private static final class UnknownKeyId extends Exception {

        UnknownKeyId() {
            super(null, null, false, false);
        }
    }
}
