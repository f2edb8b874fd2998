package dev.rolegate.problem;

import dev.rolegate.broker.ContainerError;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The body an error is sent with. Everything is {@code application/problem+json}, except under
 * {@value #CONTAINER_PREFIX}: the AWS SDKs read errors there only in the container-credentials
 * format ({@link ContainerError}: {@code Code}/{@code Message} and {@code code}/{@code message}), whichever layer refused
 * the request.
 */
public final class ErrorBodies {

    public static final String CONTAINER_PREFIX = "/v1/container-credentials/";

    private ErrorBodies() {
    }

    /** Whether errors on this (raw) request path use the container-credentials format. */
    public static boolean inContainerFormat(String path) {
        return path != null && path.startsWith(CONTAINER_PREFIX);
    }

    /** The entity to send for {@code problem}, in the format its instance path calls for. */
    public static Object entity(Problem problem) {
        return inContainerFormat(problem.instance()) ? ContainerError.of(ProblemType.codeOf(problem.title()), problem.detail()) : problem;
    }

    public static String mediaType(Problem problem) {
        return inContainerFormat(problem.instance()) ? MediaType.APPLICATION_JSON : Problem.MEDIA_TYPE;
    }

    /** A JAX-RS response carrying {@code problem} in the format its path calls for. */
    public static RestResponse<Object> response(Problem problem) {
        return RestResponse.ResponseBuilder.<Object>create(problem.status())
                .type(mediaType(problem))
                .entity(entity(problem))
                .build();
    }
}
