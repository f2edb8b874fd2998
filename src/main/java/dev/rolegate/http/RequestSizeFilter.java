package dev.rolegate.http;

import dev.rolegate.problem.ProblemType;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Refuses bodies larger than rolegate.http.max-request-bytes with a 413 problem, whether they declare
 * their length or not, before anything else reads them.
 *
 * <p>A declared Content-Length is checked before the body is read. A body without one (chunked) is
 * read here, counting, and handed on as the request's body once complete; Quarkus REST reads a body
 * handed on this way instead of the connection. Left to Quarkus, a chunked body was read up to
 * quarkus.http.limits.max-body-size and then refused with an empty 413 and two logged stack traces.
 *
 * <p>This runs as a Vert.x filter rather than a JAX-RS one: Quarkus enforces max-body-size in a
 * route of its own (order -2) that answers an empty 413, so a JAX-RS filter never saw bodies
 * declaring more than that limit. Running first means every oversized body gets the same answer.
 */
@Singleton
public class RequestSizeFilter {

    /** Higher runs earlier; Vert.x order is -priority, so this precedes Quarkus' body-size route. */
    static final int PRIORITY = 100;

    private final HttpConfig config;
    private final Rejections rejections;

    public RequestSizeFilter(HttpConfig config, Rejections rejections) {
        this.config = config;
        this.rejections = rejections;
    }

    void register(@Observes Filters filters) {
        filters.register(this::rejectOversized, PRIORITY);
    }

    void rejectOversized(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (parse(length) > config.maxRequestBytes()) {
                refuse(context);
            } else {
                context.next();
            }
        } else if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            readBounded(context);
        } else {
            context.next();
        }
    }

    /** Reads a body of unknown length, refusing it as soon as it passes the limit. */
    private void readBounded(RoutingContext context) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (context.response().headWritten()) {
                return;
            }
            if (body.length() + (long) chunk.length() > config.maxRequestBytes()) {
                refuse(context);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(ended -> {
            if (!context.response().headWritten()) {
                context.setBody(body);
                context.next();
            }
        });
        request.resume();
    }

    private void refuse(RoutingContext context) {
        rejections.refuse(context, ProblemType.PAYLOAD_TOO_LARGE, "Request body is larger than " + config.maxRequestBytes() + " bytes");
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
