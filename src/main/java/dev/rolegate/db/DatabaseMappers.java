package dev.rolegate.db;

import dev.rolegate.broker.BrokerConfig;
import dev.rolegate.problem.ErrorBodies;
import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemType;
import dev.rolegate.problem.Problems;
import dev.rolegate.problem.UnexpectedErrorMapper;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.HttpHeaders;
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

    private final BrokerConfig config;

    public DatabaseMappers(BrokerConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public RestResponse<Object> unavailable(DatabaseUnavailableException e, UriInfo uri) {
        return serviceUnavailable(e.getMessage(), uri);
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
        return serviceUnavailable(new DatabaseUnavailableException(failure, e).getMessage(), uri);
    }

    private RestResponse<Object> serviceUnavailable(String detail, UriInfo uri) {
        RestResponse<Object> response = ErrorBodies.response(Problem.of(ProblemType.UNAVAILABLE, detail, Problems.path(uri)));
        response.getHeaders().add(HttpHeaders.RETRY_AFTER, String.valueOf(config.retryAfterSeconds()));
        return response;
    }
}
