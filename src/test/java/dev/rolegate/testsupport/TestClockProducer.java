package dev.rolegate.testsupport;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Replaces the system clock (a @DefaultBean) in every @QuarkusTest. */
public class TestClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return MutableClock.shared();
    }
}
