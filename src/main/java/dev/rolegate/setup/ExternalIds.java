package dev.rolegate.setup;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;

/** Generates External IDs: 192 random bits, Base64url, well inside the STS character set. */
@ApplicationScoped
public class ExternalIds {

    /** STS's rule for ExternalId: 2-1224 characters of [\w+=,.@:/-]. */
    public static final String PATTERN = "^[\\w+=,.@:/-]{2,1224}$";
    public static final String MESSAGE = "must be 2-1224 characters of letters, digits and _+=,.@:/-";
    private static final int RANDOM_BYTES = 24;

    private final SecureRandom random = new SecureRandom();

    public String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Shows enough to tell two External IDs apart, never enough to use one. */
    public static String mask(String externalId) {
        return externalId.length() <= 8 ? "****" : "****" + externalId.substring(externalId.length() - 4);
    }
}
