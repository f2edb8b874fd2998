package dev.rolegate.webhook;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One delivery attempt: a signed POST, judged by its status line alone. 2xx is delivered; anything else (a redirect,
 * which is not followed, a 4xx or 5xx, a timeout, a refused or reset connection) is a failure with a short
 * description that holds no body, header or secret. The body of the answer is never read, so a receiver cannot make
 * an attempt last longer than its timeout or hold memory.
 */
@ApplicationScoped
public class WebhookSender {

    private final WebhookSigner signer;
    private final WebhookConfig config;
    private final ExecutorService executor;
    private final HttpClient client;

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

    /** The outcome of one attempt; {@code failure} is null when delivered. */
    record Attempt(boolean delivered, String failure) {
        static Attempt failedWith(String failure) {
            return new Attempt(false, failure);
        }
    }

    Attempt send(URI url, String webhookId, String payload, long timestampSeconds) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "rolegate-webhooks")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", signer.sign(webhookId, timestampSeconds, payload))
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close(); // unread: the status decides, and the connection is dropped rather than drained
            int status = response.statusCode();
            return status >= 200 && status < 300 ? new Attempt(true, null) : Attempt.failedWith("HTTP " + status);
        } catch (HttpTimeoutException e) {
            return Attempt.failedWith("timed out after " + config.timeout());
        } catch (ConnectException e) {
            return Attempt.failedWith("connection refused or unreachable");
        } catch (IOException e) {
            return Attempt.failedWith("I/O error: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.failedWith("interrupted");
        } catch (RuntimeException e) {
            return Attempt.failedWith("unexpected: " + e.getClass().getSimpleName());
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
