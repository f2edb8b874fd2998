package dev.rolegate.webhook;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One delivery attempt: a signed POST, judged by its status line alone. 2xx is delivered; anything else (a redirect,
 * which is not followed, a 4xx or 5xx, a timeout, a refused or reset connection) is a failure with a short
 * description that holds no body, header or secret. The body of the answer is never read, so a receiver cannot make
 * an attempt last longer than its timeout or hold memory. Once the application shuts down, nothing more is sent, and an
 * attempt cut short by the shutdown is {@linkplain Attempt#NOT_SENT not sent} rather than failed: it is not the
 * receiver's fault and must not cost the event an attempt.
 */
@ApplicationScoped
public class WebhookSender {

    private final WebhookSigner signer;
    private final WebhookConfig config;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public WebhookSender(WebhookSigner signer, WebhookConfig config) {
        this.signer = signer;
        this.config = config;
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "rolegate-webhook-http");
            thread.setDaemon(true);
            return thread;
        });
        // HTTP/1.1: no h2c upgrade dance on plain http, which some receivers and proxies mishandle with a POST body.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
    }

    /** How one attempt ended: the receiver answered 2xx, it did not, or the attempt was not made (or cut short) at shutdown. */
    enum Result { DELIVERED, FAILED, NOT_SENT }

    /** The outcome of one attempt; {@code failure} is set only when {@link Result#FAILED}. */
    record Attempt(Result result, String failure) {
        static final Attempt DELIVERED = new Attempt(Result.DELIVERED, null);
        static final Attempt NOT_SENT = new Attempt(Result.NOT_SENT, null);

        static Attempt failedWith(String failure) {
            return new Attempt(Result.FAILED, failure);
        }

        boolean delivered() {
            return result == Result.DELIVERED;
        }
    }

    /** Never throws: whatever goes wrong, building the request included, is a failure (or, at shutdown, not sent). */
    Attempt send(URI url, String webhookId, String payload, long timestampSeconds) {
        if (stopping) {
            return Attempt.NOT_SENT;
        }
        Attempt attempt = attempt(url, webhookId, payload, timestampSeconds);
        // A failure while stopping is the shutdown's doing (an interrupted or rejected exchange), not the receiver's.
        return stopping && !attempt.delivered() ? Attempt.NOT_SENT : attempt;
    }

    private Attempt attempt(URI url, String webhookId, String payload, long timestampSeconds) {
        CompletableFuture<HttpResponse<InputStream>> exchange;
        try {
            exchange = client.sendAsync(request(url, webhookId, payload, timestampSeconds), HttpResponse.BodyHandlers.ofInputStream());
        } catch (RuntimeException e) {
            return unexpected(e);
        }
        inFlight.add(exchange);
        try {
            if (stopping) {
                exchange.cancel(true); // stop() ran between the check in send() and the add above
            }
            return judged(exchange.get());
        } catch (ExecutionException e) {
            return failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.cancel(true);
            return Attempt.failedWith("interrupted");
        } catch (RuntimeException e) { // CancellationException at shutdown, or a bug below: never an escape
            return unexpected(e);
        } finally {
            inFlight.remove(exchange);
        }
    }

    private static Attempt judged(HttpResponse<InputStream> response) throws ExecutionException {
        try {
            response.body().close(); // unread: the status decides, and the connection is dropped rather than drained
        } catch (IOException e) {
            throw new ExecutionException(e);
        }
        int status = response.statusCode();
        return status >= 200 && status < 300 ? Attempt.DELIVERED : Attempt.failedWith("HTTP " + status);
    }

    private Attempt failure(Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return Attempt.failedWith("timed out after " + config.timeout());
        }
        if (cause instanceof ConnectException) {
            return Attempt.failedWith("connection refused or unreachable");
        }
        if (cause instanceof IOException) {
            return Attempt.failedWith("I/O error: " + cause.getClass().getSimpleName());
        }
        return unexpected(cause);
    }

    private static Attempt unexpected(Throwable e) {
        return Attempt.failedWith("unexpected: " + (e == null ? "no cause" : e.getClass().getSimpleName()));
    }

    private HttpRequest request(URI url, String webhookId, String payload, long timestampSeconds) {
        return HttpRequest.newBuilder(url)
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "rolegate-webhooks")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", signer.sign(webhookId, timestampSeconds, payload))
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
    }

    /** True once the application began shutting down: a pass then sends nothing more and releases what it claimed. */
    boolean stopping() {
        return stopping;
    }

    /** At shutdown, before beans are destroyed: the send under way may finish, no new one starts. */
    void onShutdown(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    /**
     * Stops for good: the exchange under way is cancelled first, since its caller would otherwise wait forever for a
     * client whose executor is gone (the client completes exchanges, timeouts included, on that executor).
     */
    @PreDestroy
    void stop() {
        stopping = true;
        inFlight.forEach(exchange -> exchange.cancel(true));
        executor.shutdownNow();
    }
}
