package dev.rolegate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same simulation with the windows rolegate had before it followed the SDKs: a 1 h session renewed 12 min before
 * expiry (a fifth of its length; the 5 min tier was smaller) and a default minimum validity of 5 min. It shows the harness
 * sees the refetching that issue 10 reports, so the shipped windows' single fetches are not an artefact of it.
 *
 * <p>Not part of {@code ./mvnw verify} (its own test profile restarts the application): run it with
 * {@code ./mvnw test -Dtest=SdkRefreshSimulationOldWindows}.
 */
@QuarkusTest
@TestProfile(SdkRefreshSimulationOldWindows.OldWindows.class)
class SdkRefreshSimulationOldWindows extends SdkRefreshSimulation {

    public static class OldWindows implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rolegate.session.prefetch.medium-sessions", "12m", "rolegate.broker.default-min-validity", "5m");
        }
    }

    @Test
    void botocoreRefetchesOnEveryCallFromFifteenMinutesBeforeExpiryUntilTheLateRenewal() {
        Result result = simulate(everySdk());

        assertThat(result.mostFetchesOfOneSession("botocore 1.43")).as(result.summary()).isGreaterThan(100);
        assertThat(result.fetchesPerSession().get("JS SDK v3").values()).as("5 min window: unaffected").containsOnly(1);
    }
}
