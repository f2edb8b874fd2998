package dev.rolegate.aws;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the latest STS call in each region said about STS itself. Customer-caused failures (AccessDenied,
 * invalid requests, a role's session limit, a disabled region) say nothing about STS's health and are
 * ignored. A failure stays the latest word until a call in that region succeeds; {@link StsHealthProbe}
 * makes such a call when nothing else does.
 */
@ApplicationScoped
public class StsHealth {

    private static final Set<StsFailure> HEALTH_RELEVANT = Set.of(StsFailure.UNAVAILABLE, StsFailure.THROTTLED, StsFailure.BROKER_CREDENTIALS);

    private final Clock clock;
    private final Map<String, Observation> latestByRegion = new ConcurrentHashMap<>();

    public StsHealth(Clock clock) {
        this.clock = clock;
    }

    void success(String region) {
        latestByRegion.put(region, new Observation(null, clock.instant()));
    }

    void failure(String region, StsFailure failure) {
        if (!HEALTH_RELEVANT.contains(failure)) {
            return;
        }
        latestByRegion.put(region, new Observation(failure, clock.instant()));
    }

    /** The latest health-relevant outcome of every region called so far, by region name. */
    public Map<String, Observation> latestByRegion() {
        return new TreeMap<>(latestByRegion);
    }

    /** Regions whose latest outcome is a failure observed at least {@code age} ago: nothing has called them since. */
    public Set<String> failingSince(Duration age) {
        Instant cutoff = clock.instant().minus(age);
        return latestByRegion.entrySet().stream()
                .filter(e -> e.getValue().isFailure() && !e.getValue().at().isAfter(cutoff))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A health-relevant outcome: {@code failure} is null for a success. */
    public record Observation(StsFailure failure, Instant at) {

        public boolean isFailure() {
            return failure != null;
        }
    }
}
