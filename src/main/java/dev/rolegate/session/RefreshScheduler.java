package dev.rolegate.session;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Ticks the refresh-ahead loop; a tick still running makes the next one skip. */
@ApplicationScoped
public class RefreshScheduler {

    private final RefreshRunner runner;
    private final ReplicaIdentity replica;

    public RefreshScheduler(RefreshRunner runner, ReplicaIdentity replica) {
        this.runner = runner;
        this.replica = replica;
    }

    @Scheduled(identity = "session-refresh", every = "${rolegate.session.tick:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        runner.runOnce(replica.id());
    }
}
