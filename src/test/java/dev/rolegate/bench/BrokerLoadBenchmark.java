package dev.rolegate.bench;

import dev.rolegate.crypto.SecretBox;
import dev.rolegate.testsupport.FakeStsResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hot-path load benchmark of the broker (issue: credential broker), in a {@code @QuarkusTest} on the embedded
 * PostgreSQL; {@link PackagedBrokerLoadBenchmark} runs the same phases against the production jar. Not part of
 * ./mvnw verify; needs wrk on the PATH; run it with the command in docs/benchmarks.md. Loopback only, bounded in time.
 */
@QuarkusTest
@TestProfile(BrokerLoadBenchmark.Profile.class)
class BrokerLoadBenchmark {

    /** The real scheduler, as in production; sessions last an hour, so it has nothing to do during the run. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.scheduler.enabled", "true", "quarkus.test.hang-detection-timeout", "30m",
                    "rolegate.audit.writers", System.getProperty("bench.audit.writers", "1"),
                    "quarkus.log.category.\"dev.rolegate\".level", "WARN");
        }
    }

    @TestHTTPResource("/")
    URL base;
    @Inject
    SecretBox secrets;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void hotPathThroughputLatencyStsCallsColdStartAndAuditDurability() throws Exception {
        new HotPathRun(base.getPort(), dataSource, secrets, FakeStsResource.fake())
                .runAndCheck("@QuarkusTest (test profile) on the embedded PostgreSQL", "broker-load.txt");
    }
}
