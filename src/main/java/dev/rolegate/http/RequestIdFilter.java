package dev.rolegate.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.MDC;

/**
 * Gives every request one correlation id, before any other filter can refuse it: the caller's {@code X-Request-Id}
 * when {@link RequestIds#isWellFormed well-formed}, else a generated one. The id is echoed in the response (errors
 * included), put in the log context (MDC key {@value #MDC_KEY}, kept on the request's Vert.x context), in the
 * routing context for the access log, and written back into the request's header, so every reader of
 * {@code X-Request-Id} (resources, the audit) sees this same id and never a malformed one.
 */
@Singleton
public class RequestIdFilter {

    public static final String HEADER = "X-Request-Id";
    /** Where the access log pattern reads the id: {@code %{d,rolegate.request-id}}. */
    public static final String CONTEXT_KEY = "rolegate.request-id";
    public static final String MDC_KEY = "requestId";

    /** Before {@link RequestTargetFilter} and {@link RequestSizeFilter}: their refusals carry the id too. */
    static final int PRIORITY = RequestTargetFilter.PRIORITY + 10;

    void register(@Observes Filters filters) {
        filters.register(RequestIdFilter::identify, PRIORITY);
    }

    static void identify(RoutingContext context) {
        String id = RequestIds.acceptOrNext(context.request().getHeader(HEADER));
        context.put(CONTEXT_KEY, id);
        context.request().headers().set(HEADER, id);
        context.response().putHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        context.next();
    }
}
