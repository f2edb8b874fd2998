package dev.rolegate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** With rolegate's windows as shipped, every SDK fetches each 1 h session once. */
@QuarkusTest
class SdkRefreshSimulationTest extends SdkRefreshSimulation {

    @Test
    void botocoreTheJsSdkAndTheJavaSdkEachFetchEverySessionOnceOverSeventyMinutes() {
        Result result = simulate(everySdk());

        for (String sdk : result.fetchesPerSession().keySet()) {
            assertThat(result.sessions(sdk)).as(sdk + " spans the first session and its renewal").isEqualTo(2);
            assertThat(result.fetchesPerSession().get(sdk).values()).as(sdk + ": fetches of each session, " + result.summary()).containsOnly(1);
        }
    }
}
