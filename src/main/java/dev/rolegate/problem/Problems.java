package dev.rolegate.problem;

import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;

/** Builds problem+json responses for every exception mapper, in this package and beyond. */
public final class Problems {

    private Problems() {
    }

    public static RestResponse<Problem> response(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    static RestResponse<Problem> response(ProblemType type, String detail, UriInfo uri) {
        return response(Problem.of(type, detail, path(uri)));
    }

    public static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
