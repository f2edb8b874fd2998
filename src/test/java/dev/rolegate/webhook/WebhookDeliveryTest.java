package dev.rolegate.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rolegate.account.AccountStatusService;
import dev.rolegate.db.DatabaseGuard;
import dev.rolegate.session.CachedSession;
import dev.rolegate.session.RefreshRunner;
import dev.rolegate.session.SessionKey;
import dev.rolegate.session.SessionService;
import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeSts.Scripted;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.Sql;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Portal events end to end: recorded with their change, delivered to a WireMock receiver, signed, retried. */
@QuarkusTest
@WithTestResource(WebhookReceiverResource.class)
class WebhookDeliveryTest {

    @Inject
    WebhookDelivery delivery;
    @Inject
    Outbox outbox;
    @Inject
    AccountStatusService statuses;
    @Inject
    SessionService sessions;
    @Inject
    RefreshRunner refresher;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry meters;
    @Inject
    ObjectMapper json;
    @Inject
    WebhookConfig config;
    @Inject
    WebhookSigner signer;
    @Inject
    DatabaseGuard database;

    private final FakeSts sts = FakeStsResource.fake();
    private final MutableClock clock = MutableClock.shared();
    private WireMockServer receiver;
    private String project;

    @BeforeEach
    void fresh() {
        clock.reset();
        sts.reset();
        Sql.execute(dataSource, "delete from webhook_outbox");
        receiver = WebhookReceiverResource.receiver();
        receiver.resetAll();
        answer(200);
        project = newProject();
        delivery.useRandom(() -> 0.0);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aCommittedStatusChangeIsDeliveredOnceSignedWithTheExpectedPayload() throws Exception {
        UUID account = connected();
        delivery.runOnce("replica-a");
        delivery.runOnce("replica-a");

        List<LoggedRequest> requests = received();
        assertThat(requests).hasSize(1);
        LoggedRequest request = requests.get(0);
        assertValidlySigned(request);
        JsonNode event = json.readTree(request.getBodyAsString());
        assertThat(event.path("id").asText()).isEqualTo(request.getHeader("webhook-id")).startsWith("msg_");
        assertThat(event.path("type").asText()).isEqualTo("account.status_changed");
        assertThat(Instant.parse(event.path("timestamp").asText())).isBeforeOrEqualTo(clock.instant());
        JsonNode data = event.path("data");
        assertThat(data.path("projectId").asText()).isEqualTo(project);
        assertThat(data.path("accountId").asText()).isEqualTo(account.toString());
        assertThat(data.path("awsAccountId").asText()).matches("\\d{12}");
        assertThat(data.path("status").asText()).isEqualTo("CONNECTED");
        assertThat(data.has("previousStatus")).isTrue();
        assertThat(request.getBodyAsString()).as("no External ID").doesNotContain("ext-");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(status(request.getHeader("webhook-id"))).isEqualTo("DELIVERED");
    }

    @Test
    void aRolledBackStatusChangeRecordsAndSendsNothing() {
        UUID account = connected();
        delivery.runOnce("replica-a");
        receiver.resetRequests();

        QuarkusTransaction.begin();
        assertThat(statuses.revokeAccess(account, "revoked in a transaction that rolls back")).isTrue();
        QuarkusTransaction.rollback();
        delivery.runOnce("replica-a");

        assertThat(Sql.queryLong(dataSource, "select count(*) from webhook_outbox where status = 'PENDING'")).isZero();
        assertThat(received()).isEmpty();
        assertThat(asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, account).then().extract().<String>path("status"))
                .isEqualTo("CONNECTED");
    }

    @Test
    void aReceiverThatIsDownIsRetriedWithBackoffUntilItAnswersWithTheSameWebhookId() throws Exception {
        connected();
        double retriedBefore = deliveries("retried");
        answer(503);
        delivery.runOnce("replica-a");
        String id = onlyPendingId();
        assertThat(attempts(id)).isEqualTo(1);

        delivery.runOnce("replica-a");
        assertThat(attempts(id)).as("not due before its backoff").isEqualTo(1);

        receiver.resetMappings();
        receiver.stubFor(post(urlEqualTo(WebhookReceiverResource.PATH)).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody("<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>")));
        clock.setTo(nextAttempt(id).plusMillis(1));
        delivery.runOnce("replica-a");
        assertThat(attempts(id)).isEqualTo(2);
        List<LoggedRequest> whileFailing = new ArrayList<>(received());

        WebhookReceiverResource.takeDown();
        clock.setTo(nextAttempt(id).plusMillis(1));
        delivery.runOnce("replica-a");
        assertThat(attempts(id)).as("connection refused").isEqualTo(3);
        assertThat(status(id)).isEqualTo("PENDING");

        receiver = WebhookReceiverResource.bringBack();
        answer(200);
        clock.setTo(nextAttempt(id).plusMillis(1));
        delivery.runOnce("replica-a");

        assertThat(status(id)).isEqualTo("DELIVERED");
        assertThat(attempts(id)).isEqualTo(4);
        assertThat(deliveries("retried") - retriedBefore).isEqualTo(3);
        List<LoggedRequest> all = new ArrayList<>(whileFailing);
        all.addAll(received());
        assertThat(all).hasSize(3).allSatisfy(r -> assertThat(r.getHeader("webhook-id")).isEqualTo(id));
        assertThat(all).extracting(LoggedRequest::getBodyAsString).containsOnly(all.get(0).getBodyAsString());
        for (LoggedRequest request : all) {
            assertValidlySigned(request);
        }
        assertThat(Long.parseLong(all.get(2).getHeader("webhook-timestamp")))
                .as("each attempt is signed at its own time").isGreaterThan(Long.parseLong(all.get(0).getHeader("webhook-timestamp")));
    }

    @Test
    void twoReplicasDeliveringAtOnceNeverSendTheSameEventTwice() throws Exception {
        receiver.resetMappings();
        receiver.stubFor(post(urlEqualTo(WebhookReceiverResource.PATH)).willReturn(aResponse().withStatus(204).withFixedDelay(20)));
        int events = 30;
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < events; i++) {
                outbox.insert(UUID.randomUUID(), PortalEventType.ACCOUNT_STATUS_CHANGED, null, "{\"n\":" + i + "}", clock.instant());
            }
        });

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<Integer> a = pool.submit(() -> {
                start.await();
                return delivery.runOnce("replica-a");
            });
            Future<Integer> b = pool.submit(() -> {
                start.await();
                return delivery.runOnce("replica-b");
            });
            start.countDown();
            int claimed = a.get() + b.get();
            assertThat(received()).hasSize(claimed);
        } finally {
            pool.shutdownNow();
        }
        delivery.runOnce("replica-a");

        List<String> ids = received().stream().map(r -> r.getHeader("webhook-id")).toList();
        Set<String> distinct = new HashSet<>(ids);
        assertThat(ids).hasSize(events);
        assertThat(distinct).hasSize(events);
        assertThat(Sql.queryLong(dataSource, "select count(*) from webhook_outbox where status = 'DELIVERED'")).isEqualTo(events);
    }

    @Test
    void aSessionRefreshThatKeepsFailingIsReportedOncePerEpisode() throws Exception {
        UUID account = connectedWithItsStatusEventDelivered();
        failScheduledRefreshes(account, 5);
        delivery.runOnce("replica-a");
        assertThat(eventTypes(account)).containsExactly("account.session_refresh_failing");
        JsonNode data = eventsAbout(account).get(0).path("data");
        assertThat(data.path("accountId").asText()).isEqualTo(account.toString());
        assertThat(data.path("consecutiveFailures").asInt()).isEqualTo(3);
        assertThat(data.path("reason").asText()).isEqualTo("unavailable");
        assertThat(data.path("status").asText()).isEqualTo("CONNECTED");

        sts.recover("AssumeRole");
        refresher.runOnce("replica-a");
        delivery.runOnce("replica-a");
        assertThat(eventTypes(account)).containsExactly("account.session_refresh_failing", "account.session_refresh_recovered");

        failScheduledRefreshes(account, 3);
        delivery.runOnce("replica-a");
        assertThat(eventTypes(account)).as("a new episode").containsExactly("account.session_refresh_failing",
                "account.session_refresh_recovered", "account.session_refresh_failing");
    }

    @Test
    void aPassWhoseSenderStopsMidBatchReleasesTheUnsentEventsWithoutCountingAnAttempt() {
        List<UUID> ids = pendingEvents(3);
        WebhookSender stoppingAfterOne = new WebhookSender(signer, config) {
            @Override
            Attempt send(java.net.URI url, String webhookId, String payload, long timestampSeconds) {
                Attempt attempt = super.send(url, webhookId, payload, timestampSeconds);
                stop();
                return attempt;
            }
        };
        SimpleMeterRegistry counted = new SimpleMeterRegistry();

        int claimed = deliveryWith(stoppingAfterOne, counted).runOnce("replica-a");

        assertThat(claimed).isEqualTo(3);
        assertThat(received()).hasSize(1);
        assertThat(status(PortalEvents.webhookId(ids.get(0)))).isEqualTo("DELIVERED");
        for (UUID unsent : ids.subList(1, 3)) {
            String id = PortalEvents.webhookId(unsent);
            assertThat(status(id)).isEqualTo("PENDING");
            assertThat(attempts(id)).as("not an attempt").isZero();
            assertThat(Sql.queryString(dataSource, "select lease_owner from webhook_outbox where id = ?::uuid", unsent.toString())).isNull();
            assertThat(nextAttempt(id)).as("due again at once").isBeforeOrEqualTo(clock.instant());
        }
        assertThat(counted.counter("rolegate.webhook.deliveries", "outcome", "delivered").count()).isEqualTo(1);
        assertThat(counted.counter("rolegate.webhook.deliveries", "outcome", "retried").count()).isZero();
        assertThat(deliveryWith(stoppingAfterOne, counted).runOnce("replica-a")).as("a stopped sender claims nothing").isZero();

        delivery.runOnce("replica-b");
        assertThat(received()).as("another replica sends them").hasSize(3);
    }

    @Test
    void anOutcomeWrittenAfterTheClaimWasTakenOverIsNeitherRecordedNorCounted() {
        UUID event = pendingEvents(1).get(0);
        WebhookSender losingTheClaim = new WebhookSender(signer, config) {
            @Override
            Attempt send(java.net.URI url, String webhookId, String payload, long timestampSeconds) {
                Sql.execute(dataSource, "update webhook_outbox set lease_owner = 'replica-b'");
                return super.send(url, webhookId, payload, timestampSeconds);
            }
        };
        SimpleMeterRegistry counted = new SimpleMeterRegistry();
        try {
            answer(503);
            deliveryWith(losingTheClaim, counted).runOnce("replica-a");
            answer(200);
            Sql.execute(dataSource, "update webhook_outbox set next_attempt_at = now() - interval '1 second', lease_owner = null");
            deliveryWith(losingTheClaim, counted).runOnce("replica-a");
        } finally {
            losingTheClaim.stop();
        }

        String id = PortalEvents.webhookId(event);
        assertThat(received()).hasSize(2);
        assertThat(status(id)).isEqualTo("PENDING");
        assertThat(attempts(id)).isZero();
        assertThat(Sql.queryString(dataSource, "select lease_owner from webhook_outbox where id = ?::uuid", event.toString())).isEqualTo("replica-b");
        assertThat(counted.counter("rolegate.webhook.deliveries", "outcome", "retried").count()).isZero();
        assertThat(counted.counter("rolegate.webhook.deliveries", "outcome", "delivered").count()).isZero();
    }

    @Test
    void aFailingSessionThatExpiresInsteadOfRecoveringEndsItsEpisode() throws Exception {
        UUID account = connectedWithItsStatusEventDelivered();
        failScheduledRefreshes(account, 3);
        Instant expiry = Sql.queryInstant(dataSource, "select expires_at from aws_session where account_id = ?", account);
        clock.setTo(expiry.plusSeconds(1));
        refresher.runOnce("replica-a");
        assertThat(Sql.queryLong(dataSource, "select count(*) from aws_session where account_id = ?", account)).as("dropped").isZero();
        delivery.runOnce("replica-a");

        assertThat(eventTypes(account)).containsExactly("account.session_refresh_failing", "account.session_refresh_ended");
        JsonNode data = eventsAbout(account).get(1).path("data");
        assertThat(data.path("accountId").asText()).isEqualTo(account.toString());
        assertThat(data.path("scope").asText()).isEmpty();
        assertThat(data.path("reason").asText()).isEqualTo("expired");
        assertThat(data.path("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(3);
    }

    private WebhookDelivery deliveryWith(WebhookSender sender, SimpleMeterRegistry meters) {
        WebhookDelivery own = new WebhookDelivery(outbox, sender, config, database, clock, meters);
        own.useRandom(() -> 0.0);
        return own;
    }

    /** Events due now, oldest first in the returned order. */
    private List<UUID> pendingEvents(int count) {
        List<UUID> ids = new ArrayList<>();
        Instant start = clock.instant().minusSeconds(count);
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                outbox.insert(id, PortalEventType.ACCOUNT_STATUS_CHANGED, null, "{\"n\":" + i + "}", start.plusSeconds(i));
                ids.add(id);
            }
        });
        return ids;
    }

    private UUID connectedWithItsStatusEventDelivered() {
        UUID account = connected();
        delivery.runOnce("replica-a");
        receiver.resetRequests();
        return account;
    }

    /** Serves the account's unscoped session, then makes its next {@code times} scheduled refreshes fail. */
    private void failScheduledRefreshes(UUID account, int times) {
        CachedSession current = sessions.credentials(SessionKey.unscoped(account), Duration.ZERO);
        sts.failAll("AssumeRole", Scripted.serviceUnavailable());
        clock.setTo(current.refreshAt().plusSeconds(1));
        for (int failure = 0; failure < times; failure++) {
            refresher.runOnce("replica-a");
            clock.setTo(sessionNextAttempt(account).plusMillis(1));
        }
    }

    private UUID connected() {
        return Accounts.connected(sts, project, randomRoleArn(), 900, 43200);
    }

    private void answer(int status) {
        receiver.resetMappings();
        receiver.stubFor(post(urlEqualTo(WebhookReceiverResource.PATH)).willReturn(aResponse().withStatus(status)));
    }

    private List<LoggedRequest> received() {
        return receiver.findAll(postRequestedFor(urlEqualTo(WebhookReceiverResource.PATH)));
    }

    /**
     * The types of the events received about {@code account}. Sessions other tests left behind fail too while STS
     * fails every call and the clock jumps, so their events are left out.
     */
    private List<String> eventTypes(UUID account) throws Exception {
        return eventsAbout(account).stream().map(event -> event.path("type").asText()).toList();
    }

    private List<JsonNode> eventsAbout(UUID account) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (LoggedRequest request : received()) {
            JsonNode event = json.readTree(request.getBodyAsString());
            if (event.path("data").path("accountId").asText().equals(account.toString())) {
                events.add(event);
            }
        }
        return events;
    }

    private static void assertValidlySigned(LoggedRequest request) throws Exception {
        assertThat(Receiver.verifies(WebhookReceiverResource.SECRET, request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                request.getBodyAsString(), request.getHeader("webhook-signature"))).as("signature verifies").isTrue();
    }

    private String onlyPendingId() {
        return "msg_" + Sql.queryString(dataSource, "select id::text from webhook_outbox where status = 'PENDING'");
    }

    private long attempts(String webhookId) {
        return Sql.queryLong(dataSource, "select attempts from webhook_outbox where id = ?::uuid", rowId(webhookId));
    }

    private String status(String webhookId) {
        return Sql.queryString(dataSource, "select status from webhook_outbox where id = ?::uuid", rowId(webhookId));
    }

    private Instant nextAttempt(String webhookId) {
        return Sql.queryInstant(dataSource, "select next_attempt_at from webhook_outbox where id = ?::uuid", rowId(webhookId));
    }

    private Instant sessionNextAttempt(UUID account) {
        return Sql.queryInstant(dataSource, "select next_attempt_at from aws_session where account_id = ?", account);
    }

    private static String rowId(String webhookId) {
        return webhookId.substring("msg_".length());
    }

    private double deliveries(String outcome) {
        var counter = meters.find("rolegate.webhook.deliveries").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
