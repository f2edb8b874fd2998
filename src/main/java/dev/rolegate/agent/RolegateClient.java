package dev.rolegate.agent;

import dev.rolegate.protocol.LimitedBody;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * Asks the central rolegate for a caller's credentials, with the caller's own token: rolegate authenticates and
 * authorizes every call, so the agent can never give a caller more than rolegate would. Every call ends within the
 * upstream timeout, and every outcome is an {@link AgentAnswer}; no exception escapes.
 */
final class RolegateClient implements Upstream {

    private static final Logger LOG = Logger.getLogger(RolegateClient.class.getName());
    /** Credentials and rolegate's errors are a few hundred bytes; anything near this is not rolegate. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;
    private final AgentMetrics metrics;

    RolegateClient(AgentConfig config, HttpClient http, AgentMetrics metrics) {
        this.base = config.upstream();
        this.timeout = config.upstreamTimeout();
        this.http = http;
        this.metrics = metrics;
    }

    /**
     * The caller's credentials, with the caller's minimum validity or, when it named none, rolegate's default for the
     * account: 15 min where its sessions allow it, renewed by rolegate's scheduler before any SDK asks again. Asking for
     * more would make a waiting caller, not the scheduler, renew sessions minutes early.
     */
    @Override
    public CompletableFuture<AgentAnswer> fetch(CredentialKey key, String authorization) {
        return send(key, authorization, key.minValiditySeconds());
    }

    private CompletableFuture<AgentAnswer> send(CredentialKey key, String authorization, String minValiditySeconds) {
        HttpRequest request = HttpRequest.newBuilder(uri(key, minValiditySeconds)).GET().timeout(timeout)
                .header("Authorization", authorization).header("Accept", "application/json").build();
        long started = System.nanoTime();
        return http.sendAsync(request, LimitedBody.handler(MAX_BODY_BYTES))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    AgentAnswer answer = failure == null
                            ? UpstreamAnswers.read(response.statusCode(), response.headers(), response.body())
                            : AgentAnswer.upstreamUnavailable(describe(failure));
                    metrics.upstreamCall(System.nanoTime() - started, answer.outcome() == AgentAnswer.Outcome.UPSTREAM_UNAVAILABLE);
                    if (answer.outcome() == AgentAnswer.Outcome.UPSTREAM_UNAVAILABLE) {
                        LOG.log(Level.WARNING, "Asking rolegate for {0} failed: {1}", new Object[] {key, failure == null
                                ? "HTTP " + response.statusCode() + " with an answer not in the container-credentials format" : describe(failure)});
                    }
                    return answer;
                });
    }

    private URI uri(CredentialKey key, String minValiditySeconds) {
        return URI.create(base + key.path() + (minValiditySeconds == null ? "" : "?minValiditySeconds=" + minValiditySeconds));
    }

    /** Why rolegate could not be asked, for the caller and the log. java.net.http never puts request headers in these. */
    private String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return "rolegate at " + base + " could not be reached (" + cause.getClass().getSimpleName() + ")";
        }
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "rolegate at " + base + " did not answer within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof SSLException) {
            return "TLS with rolegate at " + base + " failed: " + cause.getMessage();
        }
        if (cause instanceof LimitedBody.TooLargeException) {
            return cause.getMessage();
        }
        return "rolegate at " + base + " could not be asked: " + cause.getClass().getSimpleName();
    }
}
