package dev.rolegate.account;

import dev.rolegate.broker.BrokerConfig;
import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemType;
import dev.rolegate.problem.Problems;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Account failures that are not the caller's: 503 with the same Retry-After as the broker's STS answers. */
public class AccountMappers {

    private final BrokerConfig config;

    public AccountMappers(BrokerConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> inconclusive(VerificationInconclusiveException e, UriInfo uri) {
        RestResponse<Problem> response = Problems.response(Problem.of(ProblemType.UNAVAILABLE, e.getMessage(), Problems.path(uri)));
        response.getHeaders().add(HttpHeaders.RETRY_AFTER, String.valueOf(config.retryAfterSeconds()));
        return response;
    }
}
