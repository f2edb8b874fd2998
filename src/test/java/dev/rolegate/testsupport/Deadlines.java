package dev.rolegate.testsupport;

import dev.rolegate.time.Deadline;
import java.time.Duration;

/** Deadlines for tests that call services directly: far enough never to expire in a passing test. */
public final class Deadlines {

    private Deadlines() {
    }

    public static Deadline soon() {
        return Deadline.in(Duration.ofSeconds(10));
    }
}
