package dev.rolegate.problem;

import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain problems raised by services, answered as they are. */
public class ProblemMappers {

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e, UriInfo uri) {
        return Problems.response(Problem.of(e.type(), e.getMessage(), Problems.path(uri)).withErrors(e.errors()));
    }
}
