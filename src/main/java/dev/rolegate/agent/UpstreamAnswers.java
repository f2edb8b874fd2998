package dev.rolegate.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what rolegate answered, totally: credentials in the container format, a refusal in the container format, or
 * anything else (an HTML error page of a proxy, truncated JSON, a redirect), which becomes a 503 and is never passed on.
 */
final class UpstreamAnswers {

    private static final List<String> CREDENTIAL_FIELDS = List.of("AccessKeyId", "SecretAccessKey", "Token", "Expiration");
    private static final List<String> PASSED_HEADERS = List.of("WWW-Authenticate", "Retry-After");

    private UpstreamAnswers() {
    }

    static AgentAnswer read(int status, HttpHeaders headers, byte[] body) {
        Optional<JsonNode> json = Json.object(body);
        if (status == 200) {
            return json.flatMap(UpstreamAnswers::expiration)
                    .map(expiration -> AgentAnswer.credentials(body, expiration))
                    .orElseGet(() -> AgentAnswer.upstreamUnavailable("rolegate answered 200 without credentials in the container-credentials format"));
        }
        if (status >= 400 && status <= 599 && json.filter(UpstreamAnswers::isError).isPresent()) {
            return AgentAnswer.refusedByRolegate(status, (ObjectNode) json.get(), passedHeaders(headers));
        }
        return AgentAnswer.upstreamUnavailable("rolegate answered HTTP " + status + " with a body that is not in the container-credentials format");
    }

    /** The expiry of well-formed credentials; empty when a field is missing or Expiration is not an ISO-8601 instant. */
    private static Optional<Instant> expiration(JsonNode credentials) {
        for (String field : CREDENTIAL_FIELDS) {
            JsonNode value = credentials.get(field);
            if (value == null || !value.isTextual() || value.asText().isEmpty()) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(Instant.parse(credentials.get("Expiration").asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean isError(JsonNode body) {
        return text(body, "code") || text(body, "Code");
    }

    private static boolean text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty();
    }

    private static Map<String, String> passedHeaders(HttpHeaders headers) {
        Map<String, String> passed = new HashMap<>();
        for (String name : PASSED_HEADERS) {
            headers.firstValue(name).ifPresent(value -> passed.put(name, value));
        }
        return passed;
    }
}
