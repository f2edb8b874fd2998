package dev.rolegate.problem;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.UriInfo;
import org.hibernate.StaleObjectStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Concurrent writers lose to the first commit and are told to re-read. */
public class PersistenceMappers {

    private static final String DETAIL = "The resource was changed by another request; read it again and retry";

    @ServerExceptionMapper
    public RestResponse<Object> optimisticLock(OptimisticLockException e, UriInfo uri) {
        return Problems.response(ProblemType.CONFLICT, DETAIL, uri);
    }

    /** A unique index caught a race the service's own check could not see (two requests for one name). */
    @ServerExceptionMapper
    public RestResponse<Object> uniqueViolation(ConstraintViolationException e, UriInfo uri) {
        if (e.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
            return Problems.response(ProblemType.CONFLICT, "A resource with the same unique name was created concurrently", uri);
        }
        // Any other constraint means validation let bad data through: a bug, answered as one.
        return new UnexpectedErrorMapper().unexpected(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Object> staleObject(StaleObjectStateException e, UriInfo uri) {
        return Problems.response(ProblemType.CONFLICT, DETAIL, uri);
    }
}
