package dev.rolegate.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rolegate.account.AccountStatus;
import dev.rolegate.account.AccountStatusChanged;
import dev.rolegate.account.AwsAccount;
import dev.rolegate.session.SessionKey;
import dev.rolegate.session.SessionRefreshEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * The JSON bodies of portal events, in the Standard Webhooks envelope ({@code type}, {@code timestamp}, {@code data},
 * plus the {@code id} that is also the {@code webhook-id} header). Only identifiers, statuses and reasons written for
 * the portal go in: never the External ID, a role's credentials or anything sealed. Built as a tree, so nothing
 * depends on reflection.
 */
@ApplicationScoped
public class EventPayloads {

    private final ObjectMapper json;

    public EventPayloads(ObjectMapper json) {
        this.json = json;
    }

    String statusChanged(String webhookId, AccountStatusChanged change) {
        ObjectNode data = account(change.projectId(), change.accountId(), change.awsAccountId(), change.name());
        data.put("previousStatus", name(change.from()));
        data.put("status", name(change.to()));
        data.put("reason", change.reason());
        return envelope(webhookId, PortalEventType.ACCOUNT_STATUS_CHANGED, change.at(), data);
    }

    String refreshFailing(String webhookId, AwsAccount account, SessionRefreshEvents.Failed failure) {
        ObjectNode data = session(account, failure.key(), failure.consecutiveFailures());
        data.put("reason", failure.reason());
        data.put("servedUntil", failure.staleAt() == null ? null : failure.staleAt().toString());
        return envelope(webhookId, PortalEventType.SESSION_REFRESH_FAILING, failure.at(), data);
    }

    String refreshRecovered(String webhookId, AwsAccount account, SessionRefreshEvents.Recovered recovery) {
        ObjectNode data = session(account, recovery.key(), recovery.failuresBefore());
        return envelope(webhookId, PortalEventType.SESSION_REFRESH_RECOVERED, recovery.at(), data);
    }

    String refreshEnded(String webhookId, AwsAccount account, SessionRefreshEvents.Ended ending) {
        ObjectNode data = session(account, ending.key(), ending.failuresBefore());
        data.put("reason", ending.reason());
        return envelope(webhookId, PortalEventType.SESSION_REFRESH_ENDED, ending.at(), data);
    }

    private ObjectNode session(AwsAccount account, SessionKey key, int consecutiveFailures) {
        ObjectNode data = account(account.projectId(), account.id(), account.awsAccountId(), account.name());
        data.put("status", name(account.status()));
        data.put("scope", key.scopeHash());
        data.put("consecutiveFailures", consecutiveFailures);
        return data;
    }

    private ObjectNode account(String projectId, UUID accountId, String awsAccountId, String name) {
        ObjectNode data = json.createObjectNode();
        data.put("projectId", projectId);
        data.put("accountId", accountId.toString());
        data.put("awsAccountId", awsAccountId);
        data.put("accountName", name);
        return data;
    }

    private String envelope(String webhookId, PortalEventType type, Instant at, ObjectNode data) {
        ObjectNode event = json.createObjectNode();
        event.put("id", webhookId);
        event.put("type", type.wireName());
        event.put("timestamp", at.toString());
        event.set("data", data);
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A tree of strings and numbers always serialises", e);
        }
    }

    private static String name(AccountStatus status) {
        return status == null ? null : status.name();
    }
}
