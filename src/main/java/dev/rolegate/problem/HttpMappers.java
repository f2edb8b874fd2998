package dev.rolegate.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Protocol-level errors raised by the REST layer: unknown routes, wrong methods, media types. */
public class HttpMappers {

    @ServerExceptionMapper
    public RestResponse<Problem> webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            // Quarkus REST wraps unparseable JSON in a bare 400; answer it like the JSON mappers do.
            return JsonMappers.describe(json, uri);
        }
        ProblemType type = ProblemType.forStatus(status);
        RestResponse<Problem> response = Problems.response(new Problem(
                Problem.of(type, null, null).type(), type.title(), status, detail(status), Problems.path(uri), java.util.List.of()));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if ("Allow".equalsIgnoreCase(name) || "Retry-After".equalsIgnoreCase(name)) {
                values.forEach(v -> response.getHeaders().add(name, v));
            }
        });
        return response;
    }

    private static String detail(int status) {
        return switch (status) {
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "The requested media type is not available; ask for application/json";
            case 415 -> "Unsupported Content-Type; send application/json";
            default -> "The request could not be processed (HTTP " + status + ")";
        };
    }
}
