package dev.rolegate.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * rolegate's container-credentials endpoint as the agent sees it, on loopback: it answers what the test scripts and
 * records what it was asked. The default answer is credentials as rolegate sends them.
 */
final class FakeRolegate implements AutoCloseable {

    static final String ACCESS_KEY_ID = "ASIAFAKEROLEGATE0001";
    static final String DECLARED_LENGTH = "X-Fake-Declared-Length";
    static final String SECRET = "fakeSecretAccessKeyNeverInAnError000000";

    /** What one call carried; {@code clientCertificate} is the subject of the TLS client certificate, if one was presented. */
    record Call(String path, String query, String authorization, String clientCertificate) {
    }

    /** An answer: status, content type, headers and body; a {@value #DECLARED_LENGTH} header makes it end early. */
    record Reply(int status, String contentType, Map<String, String> headers, String body) {

        static Reply json(int status, String body) {
            return new Reply(status, "application/json", Map.of(), body);
        }

        static Reply credentials(Instant expiration) {
            return json(200, "{\"AccessKeyId\":\"" + ACCESS_KEY_ID + "\",\"SecretAccessKey\":\"" + SECRET
                    + "\",\"Token\":\"FwoGZXIvYXdzEFakeSessionToken\",\"Expiration\":\"" + expiration + "\",\"AccountId\":\"210987654321\"}");
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<Call, Reply> script = call -> Reply.credentials(Instant.now().plusSeconds(3600));

    private FakeRolegate(HttpServer server) {
        this.server = server;
    }

    static FakeRolegate start() throws IOException {
        return on(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16));
    }

    /** Serves on {@code server}, e.g. an HttpsServer. */
    static FakeRolegate on(HttpServer server) {
        FakeRolegate fake = new FakeRolegate(server);
        server.createContext("/", fake::answer);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return fake;
    }

    URI url() {
        return URI.create((server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(Function<Call, Reply> script) {
        this.script = script;
    }

    List<Call> calls() {
        return calls;
    }

    private void answer(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Call call = new Call(uri.getRawPath(), uri.getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"), clientCertificate(exchange));
        calls.add(call);
        Reply reply = script.apply(call);
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        String declared = reply.headers().get(DECLARED_LENGTH);
        exchange.sendResponseHeaders(reply.status(), declared != null ? Long.parseLong(declared) : body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
            if (declared != null) {
                exchange.getHttpContext().getServer().stop(0); // the connection drops mid-body
            }
        }
    }

    private static String clientCertificate(HttpExchange exchange) {
        if (!(exchange instanceof com.sun.net.httpserver.HttpsExchange https)) {
            return null;
        }
        try {
            return ((java.security.cert.X509Certificate) https.getSSLSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
