package dev.rolegate.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that follows real time plus an offset tests can move; shared by rolegate and the fake STS. */
public final class MutableClock extends Clock {

    private static final MutableClock SHARED = new MutableClock();
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public static MutableClock shared() {
        return SHARED;
    }

    public void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }

    /** Moves the clock so that "now" is {@code target} (give or take the time this call takes). */
    public void setTo(Instant target) {
        offset.set(Duration.between(Instant.now(), target));
    }

    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
