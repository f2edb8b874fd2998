package dev.rolegate.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rolegate.protocol.ContainerErrorCode;
import dev.rolegate.protocol.WorkerChallenge;
import java.time.Instant;
import java.util.Map;

/**
 * One answer in the container-credentials protocol, as the agent sends it to an SDK: credentials passed through from
 * rolegate, rolegate's own refusal passed through, or the agent's refusal. {@code expiration} is set on credentials
 * only. The body may hold credentials, so {@link #toString()} never shows it.
 *
 * @param status  the HTTP status
 * @param body    the JSON body
 * @param headers headers sent besides Content-Type and Cache-Control, e.g. WWW-Authenticate or Retry-After
 * @param outcome what happened, for metrics
 */
public record AgentAnswer(int status, byte[] body, Map<String, String> headers, Instant expiration, Outcome outcome) {

    /** Seconds an SDK is told to wait when rolegate cannot be reached; rolegate's own 503s say 5 too. */
    static final String RETRY_AFTER_SECONDS = "5";
    /** What a 401 of the agent carries, as rolegate's do: the container protocol's token is a bearer credential. */
    static final String WWW_AUTHENTICATE = WorkerChallenge.VALUE;

    /** How an answer came about; the label of the requests metric. */
    public enum Outcome {
        /** Credentials from rolegate, fresh or cached. */
        CREDENTIALS,
        /** rolegate refused the caller; its answer is passed on. */
        REFUSED_BY_ROLEGATE,
        /** The agent refused a request it cannot forward (no token, oversized, unknown path or method). */
        REFUSED_BY_AGENT,
        /** rolegate could not be reached or gave an answer the agent cannot read. */
        UPSTREAM_UNAVAILABLE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public AgentAnswer {
        headers = Map.copyOf(headers);
    }

    static AgentAnswer credentials(byte[] body, Instant expiration) {
        return new AgentAnswer(200, body, Map.of(), expiration, Outcome.CREDENTIALS);
    }

    /** rolegate's refusal, with both spellings of code and message so every SDK can show it, and a challenge on every 401. */
    static AgentAnswer refusedByRolegate(int status, ObjectNode error, Map<String, String> headers) {
        copyMissing(error, "code", "Code");
        copyMissing(error, "message", "Message");
        Map<String, String> sent = new java.util.HashMap<>(headers);
        if (status == 401) {
            sent.putIfAbsent("WWW-Authenticate", WWW_AUTHENTICATE);
        }
        return new AgentAnswer(status, Json.bytes(error), sent, null, Outcome.REFUSED_BY_ROLEGATE);
    }

    /** A refusal of the agent's own. */
    static AgentAnswer refusedByAgent(ContainerErrorCode code, String message) {
        Map<String, String> headers = code == ContainerErrorCode.INVALID_TOKEN ? Map.of("WWW-Authenticate", WWW_AUTHENTICATE) : Map.of();
        return new AgentAnswer(code.status(), errorBody(code, message), headers, null, Outcome.REFUSED_BY_AGENT);
    }

    /** rolegate unreachable, too slow, or answering something other than the protocol. */
    static AgentAnswer upstreamUnavailable(String message) {
        ContainerErrorCode code = ContainerErrorCode.SERVICE_UNAVAILABLE;
        return new AgentAnswer(code.status(), errorBody(code, message), Map.of("Retry-After", RETRY_AFTER_SECONDS), null, Outcome.UPSTREAM_UNAVAILABLE);
    }

    boolean isCredentials() {
        return expiration != null;
    }

    private static byte[] errorBody(ContainerErrorCode code, String message) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("code", code.code()).put("message", message).put("Code", code.code()).put("Message", message);
        return Json.bytes(error);
    }

    private static void copyMissing(ObjectNode error, String lower, String upper) {
        if (!error.hasNonNull(upper) && error.hasNonNull(lower)) {
            error.set(upper, error.get(lower));
        } else if (!error.hasNonNull(lower) && error.hasNonNull(upper)) {
            error.set(lower, error.get(upper));
        }
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "AgentAnswer[status=" + status + ", outcome=" + outcome + ", expiration=" + expiration + ", body=***]";
    }
}
