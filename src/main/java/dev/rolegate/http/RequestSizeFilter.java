package dev.rolegate.http;

import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses oversized bodies before they are read, with a problem document. Bodies without a
 * Content-Length are capped by quarkus.http.limits.max-body-size instead.
 */
public class RequestSizeFilter {

    private final HttpConfig config;

    public RequestSizeFilter(HttpConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response rejectOversized(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null || parse(length) <= config.maxRequestBytes()) {
            return null;
        }
        Problem problem = Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "Request body is larger than " + config.maxRequestBytes() + " bytes", request.getUriInfo().getRequestUri().getRawPath());
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
