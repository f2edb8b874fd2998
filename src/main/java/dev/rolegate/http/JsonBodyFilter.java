package dev.rolegate.http;

import dev.rolegate.problem.ProblemException;
import dev.rolegate.problem.ProblemType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * A route that reads a JSON body reads it only when the request says it is JSON: exactly
 * application/json, in UTF-8 if a charset is given. JAX-RS refuses other media types itself, but
 * reads a body without Content-Type, or with a wildcard such as {@code *}{@code /*}, as JSON.
 */
public class JsonBodyFilter {

    @ServerRequestFilter
    public void requireJsonContentType(ResteasyReactiveContainerRequestContext request) {
        if (takesJson(request) && !isJson(request.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "This route reads a JSON body: send Content-Type: application/json");
        }
    }

    private static boolean takesJson(ResteasyReactiveContainerRequestContext request) {
        if (!(request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context) || context.getTarget() == null) {
            return false;
        }
        List<MediaType> consumes = context.getTarget().getConsumes();
        return consumes != null && consumes.stream().anyMatch(MediaType.APPLICATION_JSON_TYPE::isCompatible);
    }

    /** application/json with no parameter other than charset=utf-8 (JSON is UTF-8; RFC 8259). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!"application".equalsIgnoreCase(type.getType()) || !"json".equalsIgnoreCase(type.getSubtype())) {
            return false;
        }
        for (Map.Entry<String, String> parameter : type.getParameters().entrySet()) {
            boolean utf8 = "charset".equalsIgnoreCase(parameter.getKey()) && "utf-8".equals(parameter.getValue().toLowerCase(Locale.ROOT));
            if (!utf8) {
                return false;
            }
        }
        return true;
    }
}
