package dev.rolegate.problem;

import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;

/** Builds problem+json responses for every exception mapper, in this package and beyond. */
public final class Problems {

    private Problems() {
    }

    /** Always problem+json; for routes that are never under the container-credentials path. */
    public static RestResponse<Problem> response(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    /** The problem in the format its path calls for (see {@link ErrorBodies}). */
    static RestResponse<Object> response(ProblemType type, String detail, UriInfo uri) {
        return ErrorBodies.response(Problem.of(type, detail, path(uri)));
    }

    /**
     * The raw request path. Total: an HTTP/1.0 request without Host has no absolute URI, and
     * UriInfo then fails to build one, so the decoded path stands in.
     */
    public static String path(UriInfo uri) {
        if (uri == null) {
            return null;
        }
        try {
            return uri.getRequestUri().getRawPath();
        } catch (RuntimeException noAbsoluteUri) {
            return uri.getPath();
        }
    }

    /** What a protocol-level refusal with this status means, for layers that know no more than the status. */
    public static String detailFor(int status) {
        return switch (status) {
            case 400 -> "The request is malformed";
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "The requested media type is not available for this resource; /q/openapi lists what each operation produces";
            case 413 -> "Request body is too large";
            case 414 -> "The request target is too long";
            case 415 -> "Unsupported Content-Type; send application/json";
            case 431 -> "The request headers are too large";
            default -> "The request could not be processed (HTTP " + status + ")";
        };
    }
}
