package dev.rolegate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.problem.ErrorBodies;
import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;

/** Answers a request from a Vert.x handler, before JAX-RS, in the error format its path calls for. */
@Singleton
public class Rejections {

    private final ObjectMapper json;

    public Rejections(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Refuses the request and closes the connection once the answer is out: the request may have
     * a body nobody read, and refusals are rare enough that a new connection costs nothing.
     */
    public void refuse(RoutingContext context, ProblemType type, String detail) {
        HttpServerResponse response = context.response();
        if (response.headWritten()) {
            return;
        }
        Problem problem = Problem.of(type, detail, context.request().path());
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, ErrorBodies.mediaType(problem))
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(ignored -> context.request().connection().close());
        response.end(Buffer.buffer(serialize(ErrorBodies.entity(problem))));
    }

    private byte[] serialize(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
