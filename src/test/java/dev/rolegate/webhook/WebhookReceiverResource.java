package dev.rolegate.webhook;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The portal's webhook receiver, a WireMock server on loopback that tests stub per scenario, and can take down and
 * bring back on the same port (a receiver that refuses connections).
 */
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {

    static final String PATH = "/rolegate-events";
    /** whsec_ and the Base64 of 32 bytes: a test secret, used nowhere else. */
    static final String SECRET = "whsec_cm9sZWdhdGUtd2ViaG9vay10ZXN0LXNlY3JldC0zMmI=";

    private static WireMockServer server;
    private static int port;

    static synchronized WireMockServer receiver() {
        return server;
    }

    /** Stops the receiver: connections to its port are refused until {@link #bringBack()}. */
    static synchronized void takeDown() {
        server.stop();
    }

    /** A fresh receiver on the same port, with no stubs and an empty request journal. */
    static synchronized WireMockServer bringBack() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").port(port));
        server.start();
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        port = server.port();
        return Map.of("rolegate.webhooks.url", "http://127.0.0.1:" + port + PATH, "rolegate.webhooks.secrets", SECRET);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
