package dev.rolegate.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.worker.WorkerAuthConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment variables a Deployment sets for a cluster reach its settings (names as the deploy slice uses them). */
class ClusterSettingsFromEnvironmentTest {

    @Test
    void clusterSettingsComeFromEnvironmentVariablesWithTheNameBetweenDoubleUnderscores() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of(
                        "ROLEGATE_WORKERS_KUBERNETES_CLUSTERS__HOME__ISSUER", "https://kubernetes.default.svc.cluster.local",
                        "ROLEGATE_WORKERS_KUBERNETES_CLUSTERS__HOME__VERIFICATION", "token-review",
                        "ROLEGATE_WORKERS_KUBERNETES_CLUSTERS__HOME__API_SERVER_URL", "https://kubernetes.default.svc",
                        "ROLEGATE_WORKERS_KUBERNETES_CLUSTERS__HOME__BEARER_TOKEN_FILE", "/var/run/secrets/kubernetes.io/serviceaccount/token",
                        "ROLEGATE_WORKERS_KUBERNETES_CLUSTERS__HOME__CA_FILE", "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"), 300))
                .withConverter(Path.class, 100, Path::of)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(WorkerAuthConfig.class)
                .build();

        Map<String, WorkerAuthConfig.Cluster> clusters = config.getConfigMapping(WorkerAuthConfig.class).kubernetes().clusters();

        assertThat(clusters).containsOnlyKeys("home");
        WorkerAuthConfig.Cluster home = clusters.get("home");
        assertThat(home.issuer()).isEqualTo("https://kubernetes.default.svc.cluster.local");
        assertThat(home.audience()).isEqualTo("rolegate");
        assertThat(home.verification()).isEqualTo(WorkerAuthConfig.Verification.TOKEN_REVIEW);
        assertThat(home.apiServerUrl()).contains(URI.create("https://kubernetes.default.svc"));
        assertThat(home.caFile()).contains(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"));
    }
}
