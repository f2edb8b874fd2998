package dev.rolegate.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Protocol-level errors raised by the REST layer: unknown routes, wrong methods, media types. */
public class HttpMappers {

    @ServerExceptionMapper
    public RestResponse<Object> webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            // Quarkus REST wraps unparseable JSON in a bare 400; answer it like the JSON mappers do.
            return JsonMappers.describe(json, uri);
        }
        ProblemType type = ProblemType.forStatus(status);
        RestResponse<Object> response = ErrorBodies.response(new Problem(
                Problem.of(type, null, null).type(), type.title(), status, Problems.detailFor(status), Problems.path(uri), java.util.List.of()));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if ("Allow".equalsIgnoreCase(name) || "Retry-After".equalsIgnoreCase(name)) {
                values.forEach(v -> response.getHeaders().add(name, v));
            }
        });
        return response;
    }
}
