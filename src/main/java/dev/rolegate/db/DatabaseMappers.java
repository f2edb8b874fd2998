package dev.rolegate.db;

import dev.rolegate.problem.ErrorBodies;
import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemType;
import dev.rolegate.problem.Problems;
import dev.rolegate.problem.UnexpectedErrorMapper;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A database that is down or too busy is answered 503 with Retry-After, never 500, however the failure arrives:
 * refused by the circuit breaker, or raised by a query or a commit. Anything else from the persistence layer is
 * a bug and stays a 500.
 */
public class DatabaseMappers {

    /** In the route's own error format; RetryAfterFilter adds Retry-After. */
    @ServerExceptionMapper
    public RestResponse<Object> unavailable(DatabaseUnavailableException e, UriInfo uri) {
        return ErrorBodies.response(Problem.of(ProblemType.UNAVAILABLE, e.getMessage(), Problems.path(uri)));
    }

    @ServerExceptionMapper
    public RestResponse<Object> persistence(PersistenceException e, UriInfo uri) {
        return classified(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Object> transaction(TransactionalException e, UriInfo uri) {
        return classified(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Object> sql(SQLException e, UriInfo uri) {
        return classified(e, uri);
    }

    private RestResponse<Object> classified(Exception e, UriInfo uri) {
        DatabaseFailure failure = DatabaseFailure.of(e);
        if (failure == DatabaseFailure.NONE) {
            return new UnexpectedErrorMapper().unexpected(e, uri);
        }
        return unavailable(new DatabaseUnavailableException(failure, e), uri);
    }
}
