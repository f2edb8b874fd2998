package dev.rolegate.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.protocol.LimitedBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTP calls to one cluster (its API server, or the host its key set is published on) with the cluster's CA bundle
 * and bearer token. The bearer-token file is read on each call, since kubelet rotates it. The bearer token is sent
 * only to the origins configured for the cluster, never to one a discovery document names, and redirects are not
 * followed, so it goes nowhere else. Every failure is a {@link ClusterCallException}.
 */
final class ApiServerClient {

    /** Larger than any key set, discovery document or TokenReview an API server sends. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int MAX_DETAIL_CHARS = 300;

    private final Optional<Path> bearerTokenFile;
    private final Set<String> bearerOrigins;
    private final Optional<Path> caFile;
    private final Duration timeout;
    private final ObjectMapper json;
    private HttpClient client;

    /** @param bearerOrigins the configured addresses (issuer, API server, key set URL) whose origins may receive the bearer token */
    ApiServerClient(Optional<Path> bearerTokenFile, Collection<URI> bearerOrigins, Optional<Path> caFile, Duration timeout, ObjectMapper json) {
        this.bearerTokenFile = bearerTokenFile;
        this.bearerOrigins = bearerOrigins.stream().map(ApiServerClient::normalizedOrigin).collect(Collectors.toUnmodifiableSet());
        this.caFile = caFile;
        this.timeout = timeout;
        this.json = json;
    }

    String get(URI uri) throws ClusterCallException {
        return send(HttpRequest.newBuilder(uri).GET(), uri, null);
    }

    /** POSTs {@code jsonBody}, which holds {@code secret}: an error message quoting the request shows "&lt;token&gt;" instead. */
    String post(URI uri, String jsonBody, String secret) throws ClusterCallException {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)), uri, secret);
    }

    private String send(HttpRequest.Builder request, URI uri, String secret) throws ClusterCallException {
        request.timeout(timeout).header("Accept", "application/json");
        Optional<String> bearer = bearerOrigins.contains(normalizedOrigin(uri)) ? bearerToken() : Optional.empty();
        if (bearer.isPresent()) {
            request.header("Authorization", "Bearer " + bearer.get());
        }
        HttpResponse<byte[]> response = exchange(request.build(), uri);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        return successBody(response.statusCode(), body, uri, secret);
    }

    /**
     * Sends and reads the whole answer within the call timeout: the request's own timeout ends at the headers, so a
     * body that stalls would otherwise hold the caller (and every caller waiting on the cluster's key fetch) forever.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request, URI uri) throws ClusterCallException {
        CompletableFuture<HttpResponse<byte[]>> exchange = client().sendAsync(request, LimitedBody.handler(MAX_BODY_BYTES));
        try {
            return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new ClusterCallException(CallFailure.TIMEOUT, origin(uri) + " did not answer in full within " + timeout);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new ClusterCallException(CallFailure.UNREACHABLE, "interrupted while calling " + origin(uri));
        } catch (ExecutionException e) {
            throw failureOf(e.getCause(), uri);
        }
    }

    private ClusterCallException failureOf(Throwable cause, URI uri) {
        if (cause instanceof LimitedBody.TooLargeException) {
            return new ClusterCallException(CallFailure.UNREADABLE, uri + " answered more than " + MAX_BODY_BYTES + " bytes");
        }
        if (cause instanceof SSLException) {
            forgetTrust();
            return new ClusterCallException(CallFailure.TLS, "TLS with " + origin(uri) + " failed: " + cause.getMessage());
        }
        if (cause instanceof HttpTimeoutException) {
            return new ClusterCallException(CallFailure.TIMEOUT, origin(uri) + " did not answer within " + timeout);
        }
        return new ClusterCallException(CallFailure.UNREACHABLE, origin(uri) + " did not answer: " + describe(cause));
    }

    private String successBody(int status, String body, URI uri, String secret) throws ClusterCallException {
        if (status >= 200 && status < 300) {
            return body;
        }
        CallFailure failure = switch (status) {
            case 401 -> CallFailure.UNAUTHORIZED;
            case 403 -> CallFailure.FORBIDDEN;
            default -> status >= 500 ? CallFailure.SERVER_ERROR : CallFailure.UNEXPECTED_STATUS;
        };
        throw new ClusterCallException(failure, uri + " answered " + status + statusMessage(body, secret));
    }

    /**
     * The message of the API server's Status object; empty for anything else. A decoding error may quote the request,
     * so the secret it held is replaced before the message is cut (a cut would hide a partial secret from the replace).
     */
    private String statusMessage(String body, String secret) {
        try {
            JsonNode status = json.readTree(body);
            String message = status != null && "Status".equals(status.path("kind").asText()) ? status.path("message").asText("") : "";
            if (secret != null && !secret.isEmpty()) {
                message = message.replace(secret, "<token>");
            }
            return message.isEmpty() ? "" : ": " + cut(message);
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    private Optional<String> bearerToken() throws ClusterCallException {
        if (bearerTokenFile.isEmpty()) {
            return Optional.empty();
        }
        String token;
        try {
            token = Files.readString(bearerTokenFile.get()).strip();
        } catch (IOException | RuntimeException e) {
            throw new ClusterCallException(CallFailure.LOCAL_FILE, "the bearer token file " + bearerTokenFile.get() + " cannot be read: " + describe(e));
        }
        if (token.isEmpty()) {
            throw new ClusterCallException(CallFailure.LOCAL_FILE, "the bearer token file " + bearerTokenFile.get() + " is empty");
        }
        return Optional.of(token);
    }

    /** Built on first use (and again after a TLS failure), so a CA file that appears, is fixed or is rotated after start-up is picked up. */
    private synchronized HttpClient client() throws ClusterCallException {
        if (client == null) {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
            if (caFile.isPresent()) {
                builder.sslContext(trusting(caFile.get()));
            }
            client = builder.build();
        }
        return client;
    }

    /**
     * The CA file is read again on the next call: kubelet rewrites ca.crt when the cluster's CA is rotated, and a
     * trust built from the old file would otherwise fail every call until a restart.
     */
    private synchronized void forgetTrust() {
        client = null;
    }

    private static SSLContext trusting(Path caFile) throws ClusterCallException {
        try (InputStream pem = Files.newInputStream(caFile)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new ClusterCallException(CallFailure.LOCAL_FILE, "the CA file " + caFile + " holds no certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ClusterCallException(CallFailure.LOCAL_FILE, "the CA file " + caFile + " cannot be read: " + describe(e));
        }
    }

    /** scheme://host:port in lower case with the default port spelled out, so equal origins compare equal. */
    private static String normalizedOrigin(URI uri) {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + cut(e.getMessage());
    }

    private static String cut(String text) {
        return text.length() > MAX_DETAIL_CHARS ? text.substring(0, MAX_DETAIL_CHARS) + "…" : text;
    }
}
