package dev.rolegate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.PackagedApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application serves HTTPS from a PEM pair configured with exactly the environment variables the
 * Kubernetes manifests set, and takes up a replaced pair for new connections without a restart (the TLS registry's
 * reload period, shortened here).
 */
class CertificateReloadIT {

    private static final Pattern HTTPS_PORT = Pattern.compile("https://[^:\\s]+:(\\d+)");
    private static final Duration RELOAD_PERIOD = Duration.ofSeconds(2);
    /** Several reload periods on a loaded machine; a restart-only implementation never gets there. */
    private static final Duration RELOAD_BOUND = Duration.ofSeconds(30);

    private static EmbeddedPostgres database;

    @TempDir
    Path tls;

    @BeforeAll
    static void startDatabase() throws IOException {
        database = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        database.close();
    }

    @Test
    void replacedCertificateIsServedOnNewConnectionsWithoutARestart() throws Exception {
        SelfSignedCertificate.write(tls, "rolegate-first");
        Map<String, String> env = PackagedApp.productionEnvironment(database.getPort());
        env.put("ROLEGATE_CRYPTO_KEYS_K1", PackagedApp.randomEncryptionKey());
        env.put("QUARKUS_HTTP_SSL_PORT", "0");
        env.put("QUARKUS_TLS_KEY_STORE_PEM_0_CERT", tls.resolve("tls.crt").toString());
        env.put("QUARKUS_TLS_KEY_STORE_PEM_0_KEY", tls.resolve("tls.key").toString());
        env.put("QUARKUS_TLS_RELOAD_PERIOD", RELOAD_PERIOD.toSeconds() + "s");
        try (PackagedApp app = PackagedApp.start(env)) {
            app.awaitPort(90);
            int httpsPort = httpsPort(app.output());
            assertThat(servedSubject(httpsPort)).isEqualTo("CN=rolegate-first");

            SelfSignedCertificate.write(tls, "rolegate-second");

            String served = subjectOrFailure(httpsPort);
            long deadline = System.nanoTime() + RELOAD_BOUND.toNanos();
            while (!served.equals("CN=rolegate-second") && System.nanoTime() < deadline) {
                Thread.sleep(250);
                served = subjectOrFailure(httpsPort);
            }
            assertThat(served).as("subject served on a new connection within %s of the replacement%n%s", RELOAD_BOUND, app.output())
                    .isEqualTo("CN=rolegate-second");
            assertThat(Pattern.compile("started in").matcher(app.output()).results().count()).as("the application started once").isEqualTo(1);
        }
    }

    private static int httpsPort(String output) {
        Matcher m = HTTPS_PORT.matcher(output);
        if (!m.find()) {
            throw new AssertionError("the application does not say it listens on https:\n" + output);
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * The served subject, or the handshake's failure as text. The test replaces the certificate and the key one file after
     * the other (kubelet swaps both at once), so a reload that falls between the two may briefly hold a pair that does not
     * match; the next reload corrects it, and the loop waits for that.
     */
    private static String subjectOrFailure(int port) throws IOException, GeneralSecurityException {
        try {
            return servedSubject(port);
        } catch (SSLException e) {
            return "handshake failed: " + e.getMessage();
        }
    }

    /** The subject of the certificate served on a new TLS connection to 127.0.0.1. */
    private static String servedSubject(int port) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new AcceptAnyServer()}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    /** The test reads whatever certificate is served; trusting it is not the point. */
    private static final class AcceptAnyServer implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
