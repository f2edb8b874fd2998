package dev.rolegate.webhook;

/** The {@code type} of each portal event, as the receiver sees it. */
public enum PortalEventType {

    /** An account's status changed (to CONNECTED, ACCESS_DENIED, ERROR, DISCONNECTED or PENDING_SETUP). */
    ACCOUNT_STATUS_CHANGED("account.status_changed"),
    /** A session of the account failed to refresh the configured number of times in a row; once per episode. */
    SESSION_REFRESH_FAILING("account.session_refresh_failing"),
    /** A session that had been reported failing refreshed again, ending the episode. */
    SESSION_REFRESH_RECOVERED("account.session_refresh_recovered"),
    /** A session that had been reported failing was removed without recovering (expired, idle, account not connected), ending the episode. */
    SESSION_REFRESH_ENDED("account.session_refresh_ended");

    private final String wireName;

    PortalEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
