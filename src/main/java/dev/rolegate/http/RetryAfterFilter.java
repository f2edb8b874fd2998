package dev.rolegate.http;

import dev.rolegate.broker.BrokerConfig;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every 503 says when to come back: STS, the database or the audit unavailable, a request out of time, rolegate
 * overloaded. One place adds Retry-After ({@code rolegate.broker.retry-after-seconds}), whichever layer refused.
 */
public class RetryAfterFilter {

    private static final int SERVICE_UNAVAILABLE = 503;

    private final BrokerConfig config;

    public RetryAfterFilter(BrokerConfig config) {
        this.config = config;
    }

    @ServerResponseFilter
    public void sayWhenToRetry(ContainerResponseContext response) {
        if (response.getStatus() == SERVICE_UNAVAILABLE && !response.getHeaders().containsKey(HttpHeaders.RETRY_AFTER)) {
            response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, String.valueOf(config.retryAfterSeconds()));
        }
    }
}
