package dev.rolegate.broker;

import dev.rolegate.problem.ErrorBodies;
import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemType;
import dev.rolegate.problem.Problems;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * JAX-RS answers HEAD by running the GET method and dropping the body. On the credential formats that would
 * issue and audit credentials nobody receives, so HEAD is refused there (405, Allow: GET) before anything runs.
 */
public class HeadRefusal {

    private static final String[] CREDENTIAL_PATHS = {"/v1/credential-process/", "/v1/container-credentials/"};

    @ServerRequestFilter
    public RestResponse<Object> refuseHead(ContainerRequestContext request) {
        if (!HttpMethod.HEAD.equals(request.getMethod()) || !isCredentialPath(request.getUriInfo().getPath())) {
            return null;
        }
        Problem problem = Problem.of(ProblemType.METHOD_NOT_ALLOWED, "HEAD would issue credentials without sending them; use GET",
                Problems.path(request.getUriInfo()));
        RestResponse<Object> response = ErrorBodies.response(problem);
        response.getHeaders().putSingle(HttpHeaders.ALLOW, HttpMethod.GET);
        return response;
    }

    private static boolean isCredentialPath(String path) {
        for (String prefix : CREDENTIAL_PATHS) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
