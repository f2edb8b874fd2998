package dev.rolegate.aws;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the latest STS calls said about STS itself, without making calls of its own. Customer-caused
 * failures (AccessDenied, invalid requests) say nothing about STS's health and are ignored.
 */
@ApplicationScoped
public class StsHealth {

    private final Clock clock;
    private final AtomicReference<Observation> latest = new AtomicReference<>();

    public StsHealth(Clock clock) {
        this.clock = clock;
    }

    void success() {
        latest.set(new Observation(null, clock.instant()));
    }

    void failure(StsFailure failure) {
        if (failure == StsFailure.UNAVAILABLE || failure == StsFailure.THROTTLED || failure == StsFailure.BROKER_CREDENTIALS) {
            latest.set(new Observation(failure, clock.instant()));
        }
    }

    /** The latest health-relevant outcome, or null before any call. */
    public Observation latest() {
        return latest.get();
    }

    /** A health-relevant outcome: {@code failure} is null for a success. */
    public record Observation(StsFailure failure, Instant at) {
    }
}
