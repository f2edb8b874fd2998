package dev.rolegate.session;

import java.util.UUID;

/** Identifies a session: an account and a scope ("" for the role's full permissions). */
public record SessionKey(UUID accountId, String scopeHash) {

    public static final String EMPTY_SCOPE = "";

    public static SessionKey unscoped(UUID accountId) {
        return new SessionKey(accountId, EMPTY_SCOPE);
    }

    public String secretContext(String column) {
        return "aws_session." + column + ":" + accountId + ":" + scopeHash;
    }
}
