package dev.rolegate.http;

import dev.rolegate.problem.ErrorBodies;
import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemType;
import dev.rolegate.problem.Problems;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * JAX-RS answers OPTIONS on every resource by itself, with 200 and the resource's methods, to
 * anyone. rolegate serves no browser (so no CORS preflight), and its API is described at
 * /q/openapi, so OPTIONS is refused with 405 like any other method a resource does not have,
 * keeping the Allow header RFC 9110 asks of a 405.
 */
public class OptionsFilter {

    private static final Annotation[] NONE = new Annotation[0];

    @ServerResponseFilter
    public void refuseOptions(ContainerRequestContext request, ContainerResponseContext response) {
        if (!"OPTIONS".equals(request.getMethod()) || response.getStatus() >= 400) {
            return;
        }
        String allow = allowedWithoutOptions(response.getHeaderString(HttpHeaders.ALLOW));
        Problem problem = Problem.of(ProblemType.METHOD_NOT_ALLOWED, "OPTIONS is not supported; the API is described at /q/openapi",
                Problems.path(request.getUriInfo()));
        response.setStatus(problem.status());
        response.getHeaders().remove(HttpHeaders.ALLOW);
        if (!allow.isEmpty()) {
            response.getHeaders().putSingle(HttpHeaders.ALLOW, allow);
        }
        response.setEntity(ErrorBodies.entity(problem), NONE, MediaType.valueOf(ErrorBodies.mediaType(problem)));
    }

    private static String allowedWithoutOptions(String allow) {
        if (allow == null) {
            return "";
        }
        return Arrays.stream(allow.split(","))
                .map(String::trim)
                .filter(method -> !method.isEmpty() && !"OPTIONS".equalsIgnoreCase(method))
                .collect(Collectors.joining(", "));
    }
}
