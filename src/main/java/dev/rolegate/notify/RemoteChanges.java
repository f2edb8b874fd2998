package dev.rolegate.notify;

import dev.rolegate.account.AccountChanged;
import dev.rolegate.account.AccountDeactivated;
import dev.rolegate.broker.AccountDirectory;
import dev.rolegate.cache.RefreshAheadCaches;
import dev.rolegate.grant.GrantCache;
import dev.rolegate.grant.GrantsChanged;
import dev.rolegate.session.ReplicaIdentity;
import dev.rolegate.session.SessionPurger;
import dev.rolegate.worker.WorkerTokenRevoked;
import dev.rolegate.worker.WorkerTokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Applies another replica's change to this replica's memory by handing it to the same observers that apply this
 * replica's own changes at commit. This replica's own notifications are skipped: its observers already ran, and
 * invalidating again would only make every change cost two reloads.
 */
@ApplicationScoped
public class RemoteChanges {

    private static final Logger LOG = Logger.getLogger(RemoteChanges.class);

    private final ReplicaIdentity replica;
    private final WorkerTokenVerifier tokens;
    private final GrantCache grants;
    private final AccountDirectory accounts;
    private final SessionPurger sessions;
    private final RefreshAheadCaches caches;
    private final MeterRegistry meters;

    public RemoteChanges(ReplicaIdentity replica, WorkerTokenVerifier tokens, GrantCache grants, AccountDirectory accounts,
            SessionPurger sessions, RefreshAheadCaches caches, MeterRegistry meters) {
        this.replica = replica;
        this.tokens = tokens;
        this.grants = grants;
        this.accounts = accounts;
        this.sessions = sessions;
        this.caches = caches;
        this.meters = meters;
    }

    /** Applies the notification's change unless this replica sent it; an unreadable one is counted and dropped. */
    void apply(String payload) {
        ChangeNotices.decode(payload).ifPresentOrElse(this::apply, () -> {
            meters.counter("rolegate.notifications.received", "kind", "UNREADABLE").increment();
            LOG.warnf("Ignored a change notification this version cannot read (%d characters)", payload.length());
        });
    }

    /** Drops every cached decision and session: notifications may have been lost. */
    void forgetEverything() {
        caches.invalidateAll();
    }

    private void apply(ChangeNotices.Notice notice) {
        meters.counter("rolegate.notifications.received", "kind", notice.kind().name()).increment();
        if (replica.id().equals(notice.origin())) {
            return;
        }
        Object change = notice.change();
        if (change instanceof WorkerTokenRevoked revoked) {
            tokens.onRevoked(revoked);
        } else if (change instanceof GrantsChanged changed) {
            grants.onChange(changed);
        } else if (change instanceof AccountChanged changed) {
            accounts.forget(changed);
        } else if (change instanceof AccountDeactivated deactivated) {
            accounts.forget(new AccountChanged(deactivated.accountId()));
            sessions.purgeMemory(deactivated);
        } else {
            forgetEverything();
        }
    }
}
