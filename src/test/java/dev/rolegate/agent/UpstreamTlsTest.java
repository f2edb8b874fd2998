package dev.rolegate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.rolegate.testsupport.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent calling rolegate over TLS: a CA bundle in PEM, and a client certificate with its PKCS#8 key for mTLS, as
 * cert-manager writes them. Certificates are made with the JDK's keytool for 127.0.0.1.
 */
class UpstreamTlsTest {

    private static final String PATH = "/v1/container-credentials/acme/production";
    private static final String TOKEN = "rgw_tlsTestToken";
    private static final char[] PASSWORD = TestCertificates.PASSWORD;

    @TempDir
    static Path dir;
    private static TestCertificates certificates;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = new TestCertificates(dir);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=rolegate", "-ext", "san=ip:127.0.0.1",
                "-validity", "2", "-keystore", "server.p12");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", "server.p12", "-file", "server-ca.pem");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=rolegate-agent", "-validity", "2",
                "-keystore", "client.p12");
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", "client.p12", "-file", "client.pem");
        PrivateKey clientKey = (PrivateKey) load("client.p12").getKey("client", PASSWORD);
        Files.writeString(dir.resolve("client.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(clientKey.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    }

    @Test
    void rolegateIsTrustedThroughTheConfiguredCaBundle() throws Exception {
        try (FakeRolegate rolegate = FakeRolegate.on(https(false));
                AgentHttp agent = AgentHttp.start(rolegate.url(), Map.of("UPSTREAM_CA_FILE", file("server-ca.pem")))) {
            HttpResponse<String> response = agent.get(PATH, TOKEN);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(rolegate.calls()).singleElement().extracting(FakeRolegate.Call::authorization).isEqualTo(TOKEN);
        }
    }

    @Test
    void rolegateWithACertificateOutsideTheTrustStoreIsServiceUnavailable() throws Exception {
        try (FakeRolegate rolegate = FakeRolegate.on(https(false)); AgentHttp agent = AgentHttp.start(rolegate.url(), Map.of())) {
            HttpResponse<String> response = agent.get(PATH, TOKEN);

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(AgentHttp.json(response).get("Message").asText()).startsWith("TLS with rolegate at https://127.0.0.1:");
            assertThat(rolegate.calls()).as("the token never left over an untrusted connection").isEmpty();
        }
    }

    @Test
    void theClientCertificateIsPresentedWhenRolegateAsksForIt() throws Exception {
        try (FakeRolegate rolegate = FakeRolegate.on(https(true)); AgentHttp agent = AgentHttp.start(rolegate.url(), Map.of(
                "UPSTREAM_CA_FILE", file("server-ca.pem"), "CLIENT_CERT_FILE", file("client.pem"), "CLIENT_KEY_FILE", file("client.key")))) {
            assertThat(agent.get(PATH, TOKEN).statusCode()).isEqualTo(200);
            assertThat(rolegate.calls()).singleElement().extracting(FakeRolegate.Call::clientCertificate).isEqualTo("CN=rolegate-agent");
        }
    }

    @Test
    void withoutAClientCertificateRolegateRequiringOneIsServiceUnavailable() throws Exception {
        try (FakeRolegate rolegate = FakeRolegate.on(https(true)); AgentHttp agent = AgentHttp.start(rolegate.url(), Map.of("UPSTREAM_CA_FILE", file("server-ca.pem")))) {
            assertThat(agent.get(PATH, TOKEN).statusCode()).isEqualTo(503);
            assertThat(rolegate.calls()).isEmpty();
        }
    }

    @Test
    void aKeyFileWithoutAPkcs8KeyIsRefusedNamingTheFileNotItsContent() throws Exception {
        Path notPkcs8 = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0\n-----END RSA PRIVATE KEY-----\n");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> UpstreamTls.privateKey(notPkcs8)))
                .hasMessageContaining("rsa.key").hasMessageContaining("privateKey.encoding: PKCS8").hasMessageNotContaining("c2VjcmV0");
    }

    private static HttpsServer https(boolean needClientCertificate) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load("server.p12"), PASSWORD);
        KeyStore clients = KeyStore.getInstance("PKCS12");
        clients.load(null, null);
        clients.setCertificateEntry("client", load("client.p12").getCertificate("client"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(clients);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                javax.net.ssl.SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setNeedClientAuth(needClientCertificate);
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }

    private static KeyStore load(String name) throws Exception {
        return certificates.load(name);
    }

    private static String file(String name) {
        return certificates.file(name).toString();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        certificates.keytool(args);
    }
}
