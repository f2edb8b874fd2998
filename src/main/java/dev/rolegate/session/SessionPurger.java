package dev.rolegate.session;

import dev.rolegate.account.AccountDeactivated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/** Deletes an account's sessions in the transaction that deactivates it, and drops them from memory once it commits. */
@ApplicationScoped
public class SessionPurger {

    private final SessionRepository sessions;
    private final SessionCache cache;

    public SessionPurger(SessionRepository sessions, SessionCache cache) {
        this.sessions = sessions;
        this.cache = cache;
    }

    void purgeRows(@Observes AccountDeactivated event) {
        sessions.deleteForAccount(event.accountId());
    }

    public void purgeMemory(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountDeactivated event) {
        cache.invalidateAccount(event.accountId());
    }
}
