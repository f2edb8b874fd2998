package dev.rolegate.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The admin listener: {@code /health/live}, {@code /health/ready} and {@code /metrics}. Readiness is the credentials
 * listener being bound, not rolegate being reachable: a node's pods reach the agent of their node whether it is ready
 * or not, and an agent that answers 503 with Retry-After serves SDKs better than a connection refused.
 */
final class AdminHandler implements HttpHandler {

    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DOWN = "{\"status\":\"DOWN\"}".getBytes(StandardCharsets.UTF_8);
    private static final String JSON = "application/json";

    private final AgentMetrics metrics;
    private final BooleanSupplier ready;

    AdminHandler(AgentMetrics metrics, BooleanSupplier ready) {
        this.metrics = metrics;
        this.ready = ready;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            Responses.send(exchange, 405, JSON, "{\"status\":\"METHOD_NOT_ALLOWED\"}".getBytes(StandardCharsets.UTF_8), Map.of("Allow", "GET"));
            return;
        }
        switch (path) {
            case "/health/live" -> Responses.send(exchange, 200, JSON, UP, Map.of());
            case "/health/ready" -> readiness(exchange, ready.getAsBoolean());
            case "/metrics" -> Responses.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.render().getBytes(StandardCharsets.UTF_8), Map.of());
            default -> Responses.send(exchange, 404, JSON, "{\"status\":\"NOT_FOUND\"}".getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    private static void readiness(HttpExchange exchange, boolean isReady) {
        Responses.send(exchange, isReady ? 200 : 503, JSON, isReady ? UP : DOWN, Map.of());
    }
}
