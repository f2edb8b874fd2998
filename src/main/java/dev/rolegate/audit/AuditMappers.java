package dev.rolegate.audit;

import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemType;
import dev.rolegate.problem.Problems;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Fail closed: when the audit cannot be written, the request is refused with a 503 the caller may retry. */
public class AuditMappers {

    static final String DETAIL = "The audit log cannot be written right now, so the request was refused; retry later";

    private final AuditConfig config;

    public AuditMappers(AuditConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> auditUnavailable(AuditUnavailableException e, UriInfo uri) {
        RestResponse<Problem> response = Problems.response(Problem.of(ProblemType.UNAVAILABLE, DETAIL, Problems.path(uri)));
        response.getHeaders().add(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, config.retryAfter().toSeconds())));
        return response;
    }
}
