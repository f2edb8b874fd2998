package dev.rolegate.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rolegate.testsupport.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server that sends its headers and part of a body, then stalls: the call is abandoned within the call timeout. */
class StalledAnswerTest {

    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    /** Ten times the test configuration's 5 s call timeout: a bound that only a call that never ends exceeds. */
    private static final Duration NEVER_ENDING = Duration.ofSeconds(50);

    private final MutableClock clock = new MutableClock();
    private final List<Socket> held = new ArrayList<>();
    private ServerSocket server;
    private Thread acceptor;

    @BeforeEach
    void stallingServer() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::answerHalfway, "stalling-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        synchronized (held) {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void keySetWhoseBodyStallsFailsAsATimeoutInsteadOfBlocking() {
        URI jwks = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/openid/v1/jwks");
        Trust trust = Trust.of(TestKubernetesConfig.none().with("home", TestClusterConfig.jwks(ISSUER).withJwksUrl(jwks)), clock);
        String token = SigningCluster.generate(ISSUER).token("deploy", "runner");

        assertTimeoutPreemptively(NEVER_ENDING, () -> assertThatThrownBy(() -> trust.verifier().verify(token))
                .isInstanceOf(KubernetesUnavailableException.class));
        assertThat(trust.failures("home", "timeout")).isEqualTo(1);
    }

    private void answerHalfway() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                synchronized (held) {
                    held.add(socket);
                }
                readRequestHead(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"keys\":[").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }
}
