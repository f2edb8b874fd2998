package dev.rolegate.agent;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.rolegate.protocol.ContainerErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/container-credentials/{project}/{account}} as the AWS SDKs call it: the caller's token in
 * {@code Authorization}, answered from the cache or by rolegate. Anything the agent cannot forward is refused here in
 * the protocol's format; no answer but a 200 carries credentials, and none carries the token.
 */
final class CredentialsHandler implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(CredentialsHandler.class.getName());
    /** Kubernetes service-account tokens are 1-2 KiB and worker tokens 48 characters; 16 KiB leaves room for many claims. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** All request headers together, names and values. */
    static final int MAX_HEADER_CHARS = 32 * 1024;
    private static final Pattern ROUTE = Pattern.compile("/v1/container-credentials/([^/]+)/([^/]+)");
    /** A path segment as sent, percent-encoded; rolegate's project ids and account names fit it. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~%+-]{1,256}");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}");
    private static final String MIN_VALIDITY = "minValiditySeconds=";

    private final CredentialCache cache;
    private final AgentMetrics metrics;
    private final Duration deadline;

    /** {@code deadline} bounds every answer, however rolegate behaves. */
    CredentialsHandler(CredentialCache cache, AgentMetrics metrics, Duration deadline) {
        this.cache = cache;
        this.metrics = metrics;
        this.deadline = deadline;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            Matcher route = ROUTE.matcher(exchange.getRequestURI().getRawPath());
            AgentAnswer refusal = refusal(exchange, route);
            CompletableFuture<AgentAnswer> answer = refusal != null ? CompletableFuture.completedFuture(refusal)
                    : cache.get(key(exchange, route), authorization(exchange.getRequestHeaders()))
                            .completeOnTimeout(AgentAnswer.upstreamUnavailable("rolegate did not answer within " + deadline.toMillis() + " ms"),
                                    deadline.toMillis(), TimeUnit.MILLISECONDS);
            answer.whenComplete((done, failure) -> send(exchange, failure == null ? done : unexpected(failure)));
        } catch (RuntimeException e) {
            send(exchange, unexpected(e));
        }
    }

    /** Why the request cannot be forwarded, or null when it can. */
    private static AgentAnswer refusal(HttpExchange exchange, Matcher route) {
        if (!route.matches() || !isSegment(route.group(1)) || !isSegment(route.group(2))) {
            return AgentAnswer.refusedByAgent(ContainerErrorCode.NOT_FOUND,
                    "No such route: the agent serves GET /v1/container-credentials/{project}/{account}");
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            return AgentAnswer.refusedByAgent(ContainerErrorCode.METHOD_NOT_ALLOWED, "Only GET is served here");
        }
        Headers headers = exchange.getRequestHeaders();
        if (headerChars(headers) > MAX_HEADER_CHARS) {
            return AgentAnswer.refusedByAgent(ContainerErrorCode.HEADERS_TOO_LARGE, "Request headers longer than " + MAX_HEADER_CHARS + " characters");
        }
        List<String> tokens = headers.get("Authorization");
        if (tokens == null || tokens.isEmpty() || tokens.get(0).isBlank()) {
            return AgentAnswer.refusedByAgent(ContainerErrorCode.INVALID_TOKEN,
                    "No token: set AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE or AWS_CONTAINER_AUTHORIZATION_TOKEN");
        }
        if (tokens.size() > 1) {
            return AgentAnswer.refusedByAgent(ContainerErrorCode.INVALID_TOKEN, "More than one Authorization header");
        }
        String token = tokens.get(0).strip();
        if (token.length() > MAX_TOKEN_CHARS) {
            return AgentAnswer.refusedByAgent(ContainerErrorCode.HEADERS_TOO_LARGE, "Token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        if (!token.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            return AgentAnswer.refusedByAgent(ContainerErrorCode.INVALID_TOKEN, "The token has characters no token has (control or non-ASCII)");
        }
        String validity = minValidity(exchange.getRequestURI().getRawQuery());
        if (validity != null && !SECONDS.matcher(validity).matches()) {
            return AgentAnswer.refusedByAgent(ContainerErrorCode.INVALID_REQUEST, "minValiditySeconds must be a whole number of seconds");
        }
        return null;
    }

    private static CredentialKey key(HttpExchange exchange, Matcher route) {
        String digest = sha256(authorization(exchange.getRequestHeaders()));
        return new CredentialKey(digest, route.group(1), route.group(2), minValidity(exchange.getRequestURI().getRawQuery()));
    }

    /** The token as presented, without the whitespace a token file ends in. */
    private static String authorization(Headers headers) {
        return headers.getFirst("Authorization").strip();
    }

    private static boolean isSegment(String segment) {
        return SEGMENT.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..")
                && !segment.toLowerCase(java.util.Locale.ROOT).contains("%2f") && !segment.toLowerCase(java.util.Locale.ROOT).contains("%2e");
    }

    /** The first minValiditySeconds of the query, as sent; the only parameter rolegate reads here. */
    private static String minValidity(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String parameter : rawQuery.split("&")) {
            if (parameter.startsWith(MIN_VALIDITY)) {
                return parameter.substring(MIN_VALIDITY.length());
            }
        }
        return null;
    }

    private static long headerChars(Headers headers) {
        long chars = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                chars += header.getKey().length() + value.length();
            }
        }
        return chars;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static AgentAnswer unexpected(Throwable failure) {
        // the failure's class only: nothing the agent handles may carry the token, but a message might quote a header
        LOG.log(Level.SEVERE, "Unexpected failure answering a credential request: {0}", failure.getClass().getName());
        return AgentAnswer.refusedByAgent(ContainerErrorCode.INTERNAL_ERROR, "The agent failed unexpectedly; see its log");
    }

    private void send(HttpExchange exchange, AgentAnswer answer) {
        metrics.answered(answer);
        if (answer.status() == 405) {
            exchange.getResponseHeaders().set("Allow", "GET");
        }
        Responses.send(exchange, answer.status(), "application/json", answer.body(), answer.headers());
    }
}
