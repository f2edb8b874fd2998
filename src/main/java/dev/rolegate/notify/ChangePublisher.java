package dev.rolegate.notify;

import dev.rolegate.account.AccountChanged;
import dev.rolegate.account.AccountDeactivated;
import dev.rolegate.grant.GrantsChanged;
import dev.rolegate.session.ReplicaIdentity;
import dev.rolegate.worker.WorkerTokenRevoked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

/**
 * Announces every change that must stop issuance to the other replicas with {@code pg_notify}, inside the changing
 * transaction: PostgreSQL delivers it only if that transaction commits, and after its changes are visible.
 */
@ApplicationScoped
public class ChangePublisher {

    private final EntityManager entityManager;
    private final ReplicaIdentity replica;
    private final NotificationsConfig config;

    public ChangePublisher(EntityManager entityManager, ReplicaIdentity replica, NotificationsConfig config) {
        this.entityManager = entityManager;
        this.replica = replica;
        this.config = config;
    }

    void onRevoked(@Observes WorkerTokenRevoked change) {
        publish(change);
    }

    void onGrants(@Observes GrantsChanged change) {
        publish(change);
    }

    void onAccount(@Observes AccountChanged change) {
        publish(change);
    }

    void onDeactivated(@Observes AccountDeactivated change) {
        publish(change);
    }

    private void publish(Object change) {
        if (!config.enabled()) {
            return;
        }
        // pg_notify returns void, which Hibernate cannot map: select a constant from it instead.
        entityManager.createNativeQuery("select 1 from pg_notify(?1, ?2)")
                .setParameter(1, ChangeNotices.CHANNEL)
                .setParameter(2, ChangeNotices.encode(replica.id(), change))
                .getSingleResult();
    }
}
