package dev.rolegate.account;

import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemType;
import dev.rolegate.problem.Problems;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Account failures that are not the caller's: a verification STS could not answer is a 503 (Retry-After is added for every 503). */
public class AccountMappers {

    @ServerExceptionMapper
    public RestResponse<Problem> inconclusive(VerificationInconclusiveException e, UriInfo uri) {
        return Problems.response(Problem.of(ProblemType.UNAVAILABLE, e.getMessage(), Problems.path(uri)));
    }
}
