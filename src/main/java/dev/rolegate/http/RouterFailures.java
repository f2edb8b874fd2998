package dev.rolegate.http;

import dev.rolegate.problem.ProblemType;
import dev.rolegate.problem.Problems;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Failures that happen in Vert.x routing, outside JAX-RS (an HTTP/1.1 request without Host, a
 * filter that threw), answered as problems instead of Quarkus' default error page, which names
 * exception classes and, outside production, prints the stack trace.
 */
@Singleton
public class RouterFailures {

    private static final Logger LOG = Logger.getLogger(RouterFailures.class);

    private final Rejections rejections;

    public RouterFailures(Rejections rejections) {
        this.rejections = rejections;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
    }

    void answer(RoutingContext context) {
        if (context.response().headWritten()) {
            LOG.debugf(context.failure(), "Failure after the response was sent on %s", context.request().path());
            return;
        }
        int status = context.statusCode() >= 400 ? context.statusCode() : 500;
        if (status >= 500) {
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(context.failure(), "Unexpected error %s on %s", errorId, context.request().path());
            rejections.refuse(context, ProblemType.INTERNAL, "Unexpected error; quote error id " + errorId + " to the operators");
        } else {
            rejections.refuse(context, ProblemType.forStatus(status), Problems.detailFor(status));
        }
    }
}
