package dev.rolegate.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the fake STS on loopback and points rolegate at it. rolegate's own AWS credentials are
 * fixed test values the fake recognises; the SDK reads them from system properties.
 */
public class FakeStsResource implements QuarkusTestResourceLifecycleManager {

    private static final FakeSts FAKE = new FakeSts();
    private WireMockServer server;

    /** The one fake shared by every test in this JVM. */
    public static FakeSts fake() {
        return FAKE;
    }

    @Override
    public Map<String, String> start() {
        server = serve(FAKE);
        System.setProperty("aws.accessKeyId", FakeSts.BROKER_ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", FakeSts.BROKER_SECRET_KEY);
        return Map.of("rolegate.sts.endpoint-override", "http://127.0.0.1:" + server.port());
    }

    /** Starts a WireMock server on loopback that answers every request through {@code fake}. */
    public static WireMockServer serve(FakeSts fake) {
        WireMockServer wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(fake));
        wireMock.start();
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(FakeSts.NAME)));
        return wireMock;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
