package dev.rolegate.broker;

import dev.rolegate.session.SessionConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Checks at start-up that the broker's settings agree with the session engine's, so a typo stops start-up instead of SDKs refetching. */
@Startup
@ApplicationScoped
public class BrokerSettings {

    public BrokerSettings(BrokerConfig broker, SessionConfig sessions) {
        validate(broker, sessions);
    }

    static void validate(BrokerConfig broker, SessionConfig sessions) {
        Duration minValidity = broker.defaultMinValidity();
        if (minValidity.isNegative() || minValidity.isZero() || minValidity.compareTo(broker.maxMinValidity()) > 0) {
            throw new IllegalStateException("rolegate.broker.default-min-validity (" + minValidity
                    + ") must be positive and at most rolegate.broker.max-min-validity (" + broker.maxMinValidity() + ")");
        }
        Duration renewedAhead = sessions.prefetch().mediumSessions().minus(sessions.tick());
        if (minValidity.compareTo(renewedAhead) > 0) {
            throw new IllegalStateException("rolegate.broker.default-min-validity (" + minValidity + ") must not exceed "
                    + "rolegate.session.prefetch.medium-sessions less rolegate.session.tick (" + renewedAhead
                    + "): sessions of 1 h would be renewed by waiting callers instead of ahead by the scheduler");
        }
    }
}
