package dev.rolegate.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A started agent in front of a fake rolegate, and a client calling it as an SDK does. */
final class AgentHttp implements AutoCloseable {

    /** Far above every timeout the agent is given in these tests: reaching it means the agent hung. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final Agent agent;

    private AgentHttp(Agent agent) {
        this.agent = agent;
    }

    /** An agent on loopback ports forwarding to {@code upstream}; {@code settings} add or override ROLEGATE_AGENT_* variables (without the prefix). */
    static AgentHttp start(URI upstream, Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("ROLEGATE_AGENT_UPSTREAM_URL", upstream.toString(), "ROLEGATE_AGENT_LISTEN_HOST", "127.0.0.1",
                "ROLEGATE_AGENT_LISTEN_PORT", "0", "ROLEGATE_AGENT_ADMIN_HOST", "127.0.0.1", "ROLEGATE_AGENT_ADMIN_PORT", "0",
                "ROLEGATE_AGENT_UPSTREAM_TIMEOUT", "PT3S"));
        settings.forEach((name, value) -> env.put("ROLEGATE_AGENT_" + name, value));
        return new AgentHttp(Agent.start(AgentConfig.fromEnvironment(env)));
    }

    HttpResponse<String> get(String pathAndQuery, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + pathAndQuery)).timeout(CLIENT_TIMEOUT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(CLIENT_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + agent.port() + pathAndQuery);
    }

    HttpResponse<String> admin(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.adminPort() + path)).timeout(CLIENT_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    @Override
    public void close() {
        agent.close();
    }
}
