package dev.rolegate.problem;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.UriInfo;
import org.hibernate.StaleObjectStateException;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Concurrent writers lose to the first commit and are told to re-read. */
public class PersistenceMappers {

    private static final String DETAIL = "The resource was changed by another request; read it again and retry";

    @ServerExceptionMapper
    public RestResponse<Problem> optimisticLock(OptimisticLockException e, UriInfo uri) {
        return Problems.response(ProblemType.CONFLICT, DETAIL, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> staleObject(StaleObjectStateException e, UriInfo uri) {
        return Problems.response(ProblemType.CONFLICT, DETAIL, uri);
    }
}
