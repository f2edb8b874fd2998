package dev.rolegate.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The issuer and expiry a JWT claims, read WITHOUT checking its signature: only to choose the cluster that will check
 * it, and to bound how long that cluster's verdict is remembered. Never trusted for anything else.
 *
 * @param issuer    the {@code iss} claim
 * @param expiresAt the {@code exp} claim, or null when absent (legacy secret-based tokens have none)
 */
record UnverifiedClaims(String issuer, Instant expiresAt) {

    /** The claims of a compact JWS, or empty for anything that is not one. */
    static Optional<UnverifiedClaims> read(String token, ObjectMapper json) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode issuer = payload == null ? null : payload.get("iss");
            if (issuer == null || !issuer.isTextual()) {
                return Optional.empty();
            }
            JsonNode exp = payload.get("exp");
            return Optional.of(new UnverifiedClaims(issuer.asText(), exp != null && exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
