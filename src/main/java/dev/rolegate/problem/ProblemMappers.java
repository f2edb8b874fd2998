package dev.rolegate.problem;

import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain problems raised by services, answered as they are. */
public class ProblemMappers {

    @ServerExceptionMapper
    public RestResponse<Object> problem(ProblemException e, UriInfo uri) {
        return ErrorBodies.response(Problem.of(e.type(), e.getMessage(), Problems.path(uri)).withErrors(e.errors()));
    }
}
