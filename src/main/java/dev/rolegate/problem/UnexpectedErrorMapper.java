package dev.rolegate.problem;

import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Everything nobody anticipated: logged with an error id the caller can quote, answered with a
 * generic 500. Exception messages are not echoed to the caller, since a library's message may
 * quote input; rolegate's own exceptions never carry secrets, so the log keeps the stack trace.
 */
public class UnexpectedErrorMapper {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

    @ServerExceptionMapper
    public RestResponse<Object> unexpected(Throwable e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s", errorId, Problems.path(uri));
        return Problems.response(ProblemType.INTERNAL, "Unexpected error; quote error id " + errorId + " to the operators", uri);
    }
}
