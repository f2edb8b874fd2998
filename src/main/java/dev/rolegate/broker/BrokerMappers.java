package dev.rolegate.broker;

import dev.rolegate.aws.StsCallException;
import dev.rolegate.grant.AccessNotGrantedException;
import dev.rolegate.kubernetes.KubernetesUnavailableException;
import dev.rolegate.problem.Problem;
import dev.rolegate.problem.Problems;
import dev.rolegate.session.AccountNotServableException;
import dev.rolegate.session.InvalidScopeException;
import dev.rolegate.time.DeadlineExceededException;
import dev.rolegate.worker.WorkerAuthenticationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Broker failures as problem+json (the container-credentials endpoint renders its own format). */
public class BrokerMappers {

    @ServerExceptionMapper
    public RestResponse<Problem> unauthenticated(WorkerAuthenticationException e, UriInfo uri) {
        RestResponse<Problem> response = render(e, uri);
        response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, CredentialResponseHeaders.CHALLENGE);
        return response;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> notGranted(AccessNotGrantedException e, UriInfo uri) {
        return render(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> notServable(AccountNotServableException e, UriInfo uri) {
        return render(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidScope(InvalidScopeException e, UriInfo uri) {
        return render(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> stsFailed(StsCallException e, UriInfo uri) {
        return render(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> outOfTime(DeadlineExceededException e, UriInfo uri) {
        return render(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> clusterUnreachable(KubernetesUnavailableException e, UriInfo uri) {
        return render(e, uri);
    }

    private RestResponse<Problem> render(RuntimeException e, UriInfo uri) {
        BrokerError error = BrokerError.of(e);
        Problem problem = Problem.of(error.type(), error.message(), Problems.path(uri));
        if (error.field() != null) {
            problem = problem.withErrors(List.of(new Problem.FieldError(error.field(), error.message())));
        }
        return Problems.response(problem);
    }
}
