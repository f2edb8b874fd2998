package dev.rolegate.time;

import java.time.Duration;

/**
 * The moment by which a caller must have its answer, on the monotonic clock. Business time (leases, expiries)
 * follows the injected {@link java.time.Clock}; how long a request may wait follows real elapsed time, which no
 * clock adjustment can stretch.
 */
public final class Deadline {

    private final long atNanos;

    private Deadline(long atNanos) {
        this.atNanos = atNanos;
    }

    /** {@code budget} from now. */
    public static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /** Time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    public boolean hasPassed() {
        return atNanos - System.nanoTime() <= 0;
    }

    /** {@code budget}, or what is left of this deadline if that is less. */
    public Duration atMost(Duration budget) {
        Duration left = remaining();
        return budget.compareTo(left) <= 0 ? budget : left;
    }

    /** The exception for a wait that ran out of time; {@code what} says what was being waited for. */
    public DeadlineExceededException exceeded(String what) {
        return new DeadlineExceededException(what);
    }

    @Override
    public String toString() {
        return "Deadline[in " + remaining().toMillis() + " ms]";
    }
}
