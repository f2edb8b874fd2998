package dev.rolegate.account;

/** STS bounds on DurationSeconds, and rolegate's default. */
final class SessionDurations {

    static final int MIN = 900;
    static final int MAX = 43200;
    static final int DEFAULT = 3600;
    static final String MESSAGE = "must be between 900 and 43200 seconds";

    private SessionDurations() {
    }

    static int orDefault(Integer seconds) {
        return seconds == null ? DEFAULT : seconds;
    }
}
