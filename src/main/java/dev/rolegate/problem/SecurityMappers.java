package dev.rolegate.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Authentication and authorization failures. The reason a token was refused stays in the debug log, except the two
 * lifetime rules a portal team cannot guess ({@link PortalTokenRefusal}).
 */
public class SecurityMappers {

    private static final String CHALLENGE = "Bearer realm=\"rolegate\"";

    private final long timeToLiveSeconds;

    public SecurityMappers(@ConfigProperty(name = "smallrye.jwt.time-to-live", defaultValue = "3600") long timeToLiveSeconds) {
        this.timeToLiveSeconds = timeToLiveSeconds;
    }

    @ServerExceptionMapper
    public RestResponse<Object> authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri, PortalTokenRefusal.detail(e, timeToLiveSeconds));
    }

    @ServerExceptionMapper
    public RestResponse<Object> unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri, PortalTokenRefusal.GENERAL);
    }

    @ServerExceptionMapper
    public RestResponse<Object> forbidden(ForbiddenException e, UriInfo uri) {
        return Problems.response(ProblemType.FORBIDDEN, "The token is valid but lacks the role or scope this operation requires", uri);
    }

    private static RestResponse<Object> unauthenticated(UriInfo uri, String detail) {
        RestResponse<Object> response = Problems.response(ProblemType.UNAUTHENTICATED, detail, uri);
        response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        return response;
    }
}
