package dev.rolegate.problem;

import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;

/** Helpers shared by the exception mappers. */
final class Problems {

    private Problems() {
    }

    static RestResponse<Problem> response(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    static RestResponse<Problem> response(ProblemType type, String detail, UriInfo uri) {
        return response(Problem.of(type, detail, path(uri)));
    }

    static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
