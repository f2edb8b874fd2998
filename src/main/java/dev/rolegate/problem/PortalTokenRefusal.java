package dev.rolegate.problem;

import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * The detail of a 401 for a portal token. Two refusals get their reason, because a portal team cannot guess them:
 * a token without {@code iat} and one living longer than {@code smallrye.jwt.time-to-live}. Both are checked only on
 * a token whose signature verified, so saying why tells a forger nothing; every other refusal keeps the general text.
 */
final class PortalTokenRefusal {

    static final String GENERAL = "A valid bearer token is required: check its signature, issuer and expiry";
    /** SmallRye JWT's message id for exp more than time-to-live after iat. */
    private static final String LIFETIME_EXCEEDED = "SRJWT07009";

    private PortalTokenRefusal() {
    }

    static String detail(Throwable failure, long timeToLiveSeconds) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid && invalid.hasErrorCode(ErrorCodes.ISSUED_AT_MISSING)) {
                return "The token has no iat (issued-at) claim: rolegate requires iat, and exp at most " + timeToLiveSeconds + " s after it";
            }
            if (cause.getMessage() != null && cause.getMessage().startsWith(LIFETIME_EXCEEDED)) {
                return "The token lives too long: its exp must be at most " + timeToLiveSeconds + " s after its iat";
            }
        }
        return GENERAL;
    }
}
