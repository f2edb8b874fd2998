package dev.rolegate.broker;

import dev.rolegate.protocol.WorkerChallenge;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Headers every answer of the credential routes carries, whichever layer produced it (resource, exception mapper,
 * JAX-RS filter, Vert.x filter or router failure), because they are set just before the head is written:
 * <ul>
 *   <li>{@code Cache-Control: no-store}: credentials, and refusals of a credential, must never be kept by a cache;</li>
 *   <li>{@code WWW-Authenticate} on a 401, as RFC 9110 requires. The container-credentials protocol sends the token
 *       without a scheme; rolegate accepts it with or without "Bearer ", so the challenge names Bearer. No AWS SDK acts
 *       on the header: botocore, the JS SDK v3 and the Java SDK v2 report the status and body as they would without it
 *       (the Java SDK's HttpURLConnection knows no Bearer authenticator and does not retry).</li>
 * </ul>
 */
@Singleton
public class CredentialResponseHeaders {

    /** The challenge of the worker realm, on every 401 of a credential route. */
    public static final String CHALLENGE = WorkerChallenge.VALUE;
    /** Before every filter that may refuse the request (rolegate's own run at 100-110). */
    static final int PRIORITY = 1_000;

    private static final String CREDENTIALS = "/v1/credentials";
    private static final String[] CREDENTIAL_PREFIXES = {CREDENTIALS + "/", "/v1/credential-process/", "/v1/container-credentials/"};
    private static final int UNAUTHORIZED = 401;

    void register(@Observes Filters filters) {
        filters.register(this::onCredentialRoutes, PRIORITY);
    }

    void onCredentialRoutes(RoutingContext context) {
        if (isCredentialRoute(context.normalizedPath())) {
            context.addHeadersEndHandler(ignored -> complete(context.response().getStatusCode(), context.response().headers()));
        }
        context.next();
    }

    static void complete(int status, MultiMap headers) {
        headers.set("Cache-Control", "no-store");
        if (status == UNAUTHORIZED && !headers.contains("WWW-Authenticate")) {
            headers.set("WWW-Authenticate", CHALLENGE);
        }
    }

    /** Whether {@code path} (normalized: percent-decoded where harmless, dot segments removed) is a credential route. */
    static boolean isCredentialRoute(String path) {
        if (path == null) {
            return false;
        }
        if (path.equals(CREDENTIALS)) {
            return true;
        }
        for (String prefix : CREDENTIAL_PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
