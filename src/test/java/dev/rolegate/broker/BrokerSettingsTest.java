package dev.rolegate.broker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.session.TestSessionConfig;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    private static final TestSessionConfig SESSIONS = new TestSessionConfig(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(16),
            Duration.ofMinutes(60), Optional.empty());

    @Test
    void theShippedDefaultsAgree() {
        assertThatCode(() -> BrokerSettings.validate(broker(Duration.ofMinutes(15)), SESSIONS)).doesNotThrowAnyException();
    }

    @Test
    void aDefaultMinimumValidityInsideTheOneHourRefreshMarginLessATickStopsStartUp() {
        // 16 min margin less the 5 s tick leaves 15:55; 15:56 would make callers, not the scheduler, renew 1 h sessions.
        assertThatThrownBy(() -> BrokerSettings.validate(broker(Duration.ofSeconds(956)), SESSIONS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("default-min-validity")
                .hasMessageContaining("medium-sessions");
        assertThatCode(() -> BrokerSettings.validate(broker(Duration.ofSeconds(955)), SESSIONS)).doesNotThrowAnyException();
    }

    @Test
    void aNonPositiveDefaultMinimumValidityStopsStartUp() {
        assertThatThrownBy(() -> BrokerSettings.validate(broker(Duration.ZERO), SESSIONS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("positive");
    }

    private static BrokerConfig broker(Duration defaultMinValidity) {
        return new BrokerConfig() {
            @Override
            public Duration defaultMinValidity() {
                return defaultMinValidity;
            }

            @Override
            public Duration maxMinValidity() {
                return Duration.ofHours(11);
            }

            @Override
            public Duration decisionCacheTtl() {
                return Duration.ofSeconds(30);
            }

            @Override
            public int retryAfterSeconds() {
                return 5;
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
