package dev.rolegate.webhook;

import dev.rolegate.session.ReplicaIdentity;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Ticks webhook delivery on every replica; a pass still running makes the next tick skip. */
@ApplicationScoped
public class WebhookScheduler {

    private final WebhookDelivery delivery;
    private final ReplicaIdentity replica;

    public WebhookScheduler(WebhookDelivery delivery, ReplicaIdentity replica) {
        this.delivery = delivery;
        this.replica = replica;
    }

    @Scheduled(identity = "webhook-delivery", every = "${rolegate.webhooks.tick:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        delivery.runOnce(replica.id());
    }
}
