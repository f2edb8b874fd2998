package dev.rolegate.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rolegate.testsupport.Await;
import dev.rolegate.testsupport.ReplicaPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two packaged replicas delivering portal events on their own schedulers to a receiver that fails first (503, then a
 * proxy's HTML 502) and then answers: the seeded account's CONNECTED event arrives, signed, with one webhook-id across
 * all attempts, and once delivered neither replica sends it again.
 */
class WebhookAcrossReplicasIT {

    private static final String PATH = WebhookReceiverResource.PATH;

    @Test
    void anEventSurvivesAFailingReceiverAndIsDeliveredByOneOfTwoReplicasWithAVerifiableSignature() throws Exception {
        WireMockServer receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        receiver.start();
        try {
            failTwiceThenAnswer(receiver);
            Map<String, String> webhooks = Map.of("ROLEGATE_WEBHOOKS_URL", "http://127.0.0.1:" + receiver.port() + PATH,
                    "ROLEGATE_WEBHOOKS_SECRETS", WebhookReceiverResource.SECRET, "ROLEGATE_WEBHOOKS_TICK", "200ms",
                    "ROLEGATE_WEBHOOKS_RETRY_BASE_DELAY", "200ms", "ROLEGATE_WEBHOOKS_RETRY_MAX_DELAY", "1s");
            try (ReplicaPair replicas = ReplicaPair.start(webhooks)) {
                Await.awaitUntil("the receiver answered 200", () -> received(receiver).size() >= 3);
                Thread.sleep(2000); // several ticks of both replicas: a delivered event must not be sent again

                List<LoggedRequest> requests = received(receiver);
                assertThat(requests).as("503, 502, then delivered once").hasSize(3);
                assertThat(requests).extracting(r -> r.getHeader("webhook-id")).containsOnly(requests.get(0).getHeader("webhook-id"));
                assertThat(requests.get(2).getBodyAsString()).contains("\"type\":\"account.status_changed\"", "\"status\":\"CONNECTED\"");
                for (LoggedRequest request : requests) {
                    assertThat(Receiver.verifies(WebhookReceiverResource.SECRET, request.getHeader("webhook-id"),
                            request.getHeader("webhook-timestamp"), request.getBodyAsString(), request.getHeader("webhook-signature"))).isTrue();
                }
            }
        } finally {
            receiver.stop();
        }
    }

    private static void failTwiceThenAnswer(WireMockServer receiver) {
        receiver.stubFor(post(urlEqualTo(PATH)).inScenario("outage").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("proxy"));
        receiver.stubFor(post(urlEqualTo(PATH)).inScenario("outage").whenScenarioStateIs("proxy")
                .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                        .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>"))
                .willSetStateTo("up"));
        receiver.stubFor(post(urlEqualTo(PATH)).inScenario("outage").whenScenarioStateIs("up").willReturn(aResponse().withStatus(204)));
    }

    private static List<LoggedRequest> received(WireMockServer receiver) {
        return receiver.findAll(postRequestedFor(urlEqualTo(PATH)));
    }
}
