package dev.rolegate.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How one attempt is judged: only a 2xx status line delivers, and nothing the receiver sends can stretch an attempt. */
class WebhookSenderTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private WireMockServer receiver;
    private WebhookSender sender;

    @BeforeEach
    void start() {
        receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        receiver.start();
        sender = sender(TIMEOUT);
    }

    @AfterEach
    void stop() {
        sender.stop();
        receiver.stop();
    }

    @Test
    void anAnswer2xxDeliversEvenWithABodyThatIsNeverRead() {
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(202).withBody("x".repeat(5_000_000))));
        assertThat(send()).isEqualTo(WebhookSender.Attempt.DELIVERED);
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() {
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(302).withHeader("Location", url("/elsewhere"))));
        receiver.stubFor(get(urlEqualTo("/elsewhere")).willReturn(aResponse().withStatus(200)));

        assertThat(send()).isEqualTo(WebhookSender.Attempt.failedWith("HTTP 302"));
        receiver.verify(0, getRequestedFor(urlEqualTo("/elsewhere")));
    }

    @Test
    void aProxysHtmlErrorPageIsAFailureNamedByItsStatusOnly() {
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><body>502 Bad Gateway secret-looking-text</body></html>")));
        assertThat(send()).isEqualTo(WebhookSender.Attempt.failedWith("HTTP 502"));
    }

    @Test
    void aReceiverSlowerThanTheTimeoutIsAFailure() {
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        assertThat(send().failure()).startsWith("timed out");
    }

    @Test
    void aResetOrRefusedConnectionIsAFailure() {
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(send().delivered()).isFalse();
        URI gone = URI.create(url("/hook"));
        receiver.stop();
        assertThat(sender.send(gone, "msg_test", "{\"test\":1}", 1_700_000_000L)).isEqualTo(WebhookSender.Attempt.failedWith("connection refused or unreachable"));
    }

    @Test
    void aRequestThatCannotBeBuiltIsAFailureNotAnEscapingException() {
        WebhookSender.Attempt attempt = sender.send(URI.create(url("/hook")), "msg_bad\r\nX-Injected: 1", "{}", 1_700_000_000L);
        assertThat(attempt).isEqualTo(WebhookSender.Attempt.failedWith("unexpected: IllegalArgumentException"));
        receiver.verify(0, postRequestedFor(urlEqualTo("/hook")));
    }

    @Test
    void onceStoppedNothingIsSentAndTheAttemptIsNotSentRatherThanFailed() {
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        sender.stop();
        assertThat(send()).isEqualTo(WebhookSender.Attempt.NOT_SENT);
        receiver.verify(0, postRequestedFor(urlEqualTo("/hook")));
    }

    @Test
    void anAttemptUnderWayWhenTheSenderStopsIsNotSentRatherThanFailed() throws Exception {
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(503).withFixedDelay(2_000)));
        WebhookSender patient = sender(Duration.ofSeconds(10));
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<WebhookSender.Attempt> attempt = caller.submit(() -> patient.send(URI.create(url("/hook")), "msg_test", "{}", 1_700_000_000L));
            while (receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).isEmpty()) {
                Thread.sleep(10);
            }
            patient.stop();
            assertThat(attempt.get(15, TimeUnit.SECONDS)).as("a 503 that arrives during shutdown").isEqualTo(WebhookSender.Attempt.NOT_SENT);
        } finally {
            caller.shutdownNow();
            patient.stop();
        }
    }

    private static WebhookSender sender(Duration timeout) {
        return new WebhookSender(new WebhookSigner(List.of(WebhookReceiverResource.SECRET), true), new TestConfig(timeout));
    }

    private WebhookSender.Attempt send() {
        return sender.send(URI.create(url("/hook")), "msg_test", "{\"test\":1}", 1_700_000_000L);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    /** The defaults, with the given timeout; the URL is the sender's argument, not read from here. */
    private record TestConfig(Duration timeout) implements WebhookConfig {
        @Override public Optional<URI> url() { return Optional.empty(); }
        @Override public Optional<List<String>> secrets() { return Optional.empty(); }
        @Override public Duration tick() { return Duration.ofSeconds(2); }
        @Override public int batchSize() { return 20; }
        @Override public Duration retryBaseDelay() { return Duration.ofSeconds(5); }
        @Override public Duration retryMaxDelay() { return Duration.ofMinutes(30); }
        @Override public Duration maxAge() { return Duration.ofHours(24); }
        @Override public Duration retention() { return Duration.ofDays(7); }
        @Override public int sessionFailureThreshold() { return 5; }
        @Override public Duration outcomeWriteTimeout() { return Duration.ofSeconds(12); }
    }
}
