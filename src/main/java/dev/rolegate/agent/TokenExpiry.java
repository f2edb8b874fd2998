package dev.rolegate.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code exp} claim of a token that is a JWT (a Kubernetes service-account token), read without verifying it:
 * it only shortens how long the agent keeps an answer, never lengthens it, and rolegate verifies every token it is sent.
 */
final class TokenExpiry {

    private TokenExpiry() {
    }

    /** The expiry of {@code authorization} when it is a JWT with a numeric {@code exp}; empty for anything else. */
    static Optional<Instant> of(String authorization) {
        String token = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : authorization;
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
            return Json.object(payload).map(claims -> claims.get("exp")).filter(JsonNode::isNumber)
                    .map(exp -> Instant.ofEpochSecond(Math.max(0, Math.min(exp.asLong(), Instant.MAX.getEpochSecond()))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
