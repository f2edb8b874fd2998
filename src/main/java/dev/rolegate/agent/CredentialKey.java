package dev.rolegate.agent;

/**
 * What one cached answer is for. Two callers share an entry only if they present the same token, so the agent never
 * gives one caller what rolegate decided for another; the token itself is not kept, only its SHA-256.
 *
 * @param tokenDigest        hex SHA-256 of the Authorization header as presented, whitespace stripped
 * @param project            the project path segment, as sent (percent-encoded)
 * @param account            the account path segment, as sent (percent-encoded)
 * @param minValiditySeconds the caller's {@code minValiditySeconds} query parameter, or null when it named none
 */
record CredentialKey(String tokenDigest, String project, String account, String minValiditySeconds) {

    /** rolegate's path for this key, relative to its base URL. */
    String path() {
        return "/v1/container-credentials/" + project + "/" + account;
    }

    /** The caller's minimum validity in seconds, or 0 when it named none or one rolegate will refuse anyway. */
    long callerMinValiditySeconds() {
        if (minValiditySeconds == null || minValiditySeconds.length() > 9) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(minValiditySeconds));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "CredentialKey[token=sha256:" + tokenDigest.substring(0, 8) + "…, " + project + "/" + account
                + (minValiditySeconds == null ? "" : "?minValiditySeconds=" + minValiditySeconds) + "]";
    }
}
