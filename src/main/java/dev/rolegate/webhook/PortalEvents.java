package dev.rolegate.webhook;

import dev.rolegate.account.AccountRepository;
import dev.rolegate.account.AccountStatusChanged;
import dev.rolegate.account.AwsAccount;
import dev.rolegate.session.SessionRefreshEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Records portal events in the outbox, inside the transaction that made the change: synchronous observers run in the
 * firing transaction, so an event is stored if and only if its change commits. With webhooks off nothing is recorded.
 * Session refresh failures become one event when a run of them reaches the threshold, and one when it ends: by a
 * successful refresh, or by the session's removal. Episodes are per session (account and scope), not per account.
 */
@ApplicationScoped
public class PortalEvents {

    private final Outbox outbox;
    private final EventPayloads payloads;
    private final AccountRepository accounts;
    private final WebhookConfig config;

    public PortalEvents(Outbox outbox, EventPayloads payloads, AccountRepository accounts, WebhookConfig config) {
        this.outbox = outbox;
        this.payloads = payloads;
        this.accounts = accounts;
        this.config = config;
    }

    void onStatusChanged(@Observes AccountStatusChanged change) {
        if (enabled()) {
            UUID id = UUID.randomUUID();
            outbox.insert(id, PortalEventType.ACCOUNT_STATUS_CHANGED, change.accountId(), payloads.statusChanged(webhookId(id), change),
                    change.at());
        }
    }

    /** Exactly the threshold, not "at least": the count only grows within an episode, so this fires once per episode. */
    void onRefreshFailed(@Observes SessionRefreshEvents.Failed failure) {
        if (enabled() && failure.consecutiveFailures() == config.sessionFailureThreshold()) {
            recordForAccount(failure.key().accountId(), PortalEventType.SESSION_REFRESH_FAILING,
                    (webhookId, account) -> payloads.refreshFailing(webhookId, account, failure), failure.at());
        }
    }

    void onRefreshRecovered(@Observes SessionRefreshEvents.Recovered recovery) {
        if (enabled() && recovery.failuresBefore() >= config.sessionFailureThreshold()) {
            recordForAccount(recovery.key().accountId(), PortalEventType.SESSION_REFRESH_RECOVERED,
                    (webhookId, account) -> payloads.refreshRecovered(webhookId, account, recovery), recovery.at());
        }
    }

    /** A session reported failing that is removed instead of recovering must still end its episode for the portal. */
    void onRefreshEnded(@Observes SessionRefreshEvents.Ended ending) {
        if (enabled() && ending.failuresBefore() >= config.sessionFailureThreshold()) {
            recordForAccount(ending.key().accountId(), PortalEventType.SESSION_REFRESH_ENDED,
                    (webhookId, account) -> payloads.refreshEnded(webhookId, account, ending), ending.at());
        }
    }

    /** Session events name the account as it is now, read in the recording transaction; a deleted account has none. */
    private void recordForAccount(UUID accountId, PortalEventType type, BiFunction<String, AwsAccount, String> payload, Instant at) {
        AwsAccount account = accounts.findById(accountId);
        if (account != null) {
            UUID id = UUID.randomUUID();
            outbox.insert(id, type, accountId, payload.apply(webhookId(id), account), at);
        }
    }

    private boolean enabled() {
        return config.url().isPresent();
    }

    /** The {@code webhook-id} header and the payload's {@code id}: stable across retries, the receiver's idempotency key. */
    static String webhookId(UUID id) {
        return "msg_" + id;
    }
}
