package dev.rolegate.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * This replica's part of the cluster-wide STS cap: the cap divided by the replicas seen alive at the latest
 * heartbeat, this one included. A heartbeat that fails changes nothing, so a replica cut off from the database keeps
 * refreshing at the share it last knew (never more); only a replica that never completed a heartbeat uses the
 * whole cap, as before there was a shared budget.
 */
final class StsShare {

    private final double cap;
    private final Duration livenessWindow;
    private final Clock clock;
    /** Replicas alive at the latest successful heartbeat, this one included; 0 before the first. */
    private volatile int replicasAlive;

    StsShare(double cap, Duration livenessWindow, Clock clock) {
        this.cap = cap;
        this.livenessWindow = livenessWindow;
        this.clock = clock;
    }

    /** Takes the share a heartbeat implies, given when each other replica last wrote its own; returns it per second. */
    double heartbeatSeen(Collection<Instant> othersLastSeen) {
        Instant since = aliveSince();
        long othersAlive = othersLastSeen.stream().filter(seen -> !seen.isBefore(since)).count();
        replicasAlive = (int) Math.min(Integer.MAX_VALUE, 1 + othersAlive);
        return perSecond();
    }

    /** AssumeRole calls per second this replica may make now. */
    double perSecond() {
        int alive = replicasAlive;
        return alive == 0 ? cap : cap / alive;
    }

    /** Replicas counted in the current share, this one included; 0 before the first heartbeat. */
    int replicasAlive() {
        return replicasAlive;
    }

    /** Heartbeats at or after this instant count as alive. */
    Instant aliveSince() {
        return clock.instant().minus(livenessWindow);
    }
}
