package dev.rolegate.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Authentication and authorization failures. The reason a token was refused stays in the debug log. */
public class SecurityMappers {

    private static final String CHALLENGE = "Bearer realm=\"rolegate\"";

    @ServerExceptionMapper
    public RestResponse<Object> authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public RestResponse<Object> unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public RestResponse<Object> forbidden(ForbiddenException e, UriInfo uri) {
        return Problems.response(ProblemType.FORBIDDEN, "The token is valid but lacks the role or scope this operation requires", uri);
    }

    private static RestResponse<Object> unauthenticated(UriInfo uri) {
        RestResponse<Object> response = Problems.response(ProblemType.UNAUTHENTICATED,
                "A valid bearer token is required: check its signature, issuer and expiry", uri);
        response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        return response;
    }
}
