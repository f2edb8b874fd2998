package dev.rolegate.aws;

import java.util.regex.Pattern;

/** Builds RoleSessionNames that satisfy STS (2-64 chars of [\w+=,.@-]) and stay traceable in CloudTrail. */
public final class RoleSessionNames {

    static final int MAX_LENGTH = 64;
    private static final Pattern INVALID = Pattern.compile("[^\\w+=,.@-]");

    private RoleSessionNames() {
    }

    /** {@code rolegate-<part>-<part>...}, invalid characters replaced by '-', truncated to 64. */
    public static String of(String... parts) {
        String joined = "rolegate-" + String.join("-", parts);
        String sanitized = INVALID.matcher(joined).replaceAll("-");
        return sanitized.length() <= MAX_LENGTH ? sanitized : sanitized.substring(0, MAX_LENGTH);
    }
}
