package dev.rolegate.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The TokenReview API of one cluster ({@code POST /apis/authentication.k8s.io/v1/tokenreviews}), called with
 * rolegate's bearer token, which needs the {@code system:auth-delegator} ClusterRole. The answer echoes the reviewed
 * token in {@code spec}, so answers are never logged.
 */
final class TokenReviews {

    static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";

    private final URI endpoint;
    private final String audience;
    private final ApiServerClient client;
    private final ObjectMapper json;

    TokenReviews(URI apiServer, String audience, ApiServerClient client, ObjectMapper json) {
        this.endpoint = URI.create(apiServer.toString().replaceAll("/+$", "") + PATH);
        this.audience = audience;
        this.client = client;
        this.json = json;
    }

    /** What the API server says of {@code token} for rolegate's audience. */
    Review review(String token) throws ClusterCallException {
        ObjectNode request = json.createObjectNode().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenReview");
        ObjectNode spec = request.putObject("spec").put("token", token);
        spec.putArray("audiences").add(audience);
        return parse(client.post(endpoint, request.toString(), token));
    }

    private Review parse(String body) throws ClusterCallException {
        JsonNode status;
        try {
            JsonNode root = json.readTree(body);
            status = root == null || !"TokenReview".equals(root.path("kind").asText()) ? null : root.get("status");
        } catch (IOException | RuntimeException unreadable) {
            status = null;
        }
        if (status == null || !status.isObject()) {
            throw new ClusterCallException(CallFailure.UNREADABLE, endpoint + " answered something that is not a TokenReview with a status");
        }
        JsonNode username = status.path("user").path("username");
        return new Review(status.path("authenticated").asBoolean(false), username.isTextual() ? username.asText() : null, audiences(status.get("audiences")));
    }

    private static List<String> audiences(JsonNode node) {
        if (node == null || !node.isArray()) {
            return List.of();
        }
        List<String> audiences = new ArrayList<>();
        node.forEach(audience -> audiences.add(audience.asText()));
        return audiences;
    }

    /**
     * The API server's answer.
     *
     * @param authenticated true only when the API server said so
     * @param username      {@code status.user.username}, or null
     * @param audiences     {@code status.audiences}; empty when the API server did not send them
     */
    record Review(boolean authenticated, String username, List<String> audiences) {
    }
}
