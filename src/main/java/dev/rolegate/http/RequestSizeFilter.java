package dev.rolegate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemType;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;

/**
 * Refuses oversized bodies before they are read, with a problem document. Bodies without a
 * Content-Length are capped by quarkus.http.limits.max-body-size instead.
 *
 * <p>This runs as a Vert.x filter rather than a JAX-RS one: Quarkus enforces max-body-size in a
 * route of its own (order -2) that answers an empty 413, so a JAX-RS filter never saw bodies
 * declaring more than that limit, and those callers got no problem document. Running first means
 * every declared length over rolegate's limit gets the same answer.
 */
@Singleton
public class RequestSizeFilter {

    /** Higher runs earlier; Vert.x order is -priority, so this precedes Quarkus' body-size route. */
    static final int PRIORITY = 100;

    private final HttpConfig config;
    private final ObjectMapper json;

    public RequestSizeFilter(HttpConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(this::rejectOversized, PRIORITY);
    }

    void rejectOversized(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || parse(length) <= config.maxRequestBytes()) {
            context.next();
            return;
        }
        Problem problem = Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "Request body is larger than " + config.maxRequestBytes() + " bytes", context.request().path());
        HttpServerResponse response = context.response();
        // The body stays unread, so the connection cannot carry another request.
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(ignored -> context.request().connection().close());
        response.end(Buffer.buffer(serialize(problem)));
    }

    private byte[] serialize(Problem problem) {
        try {
            return json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
