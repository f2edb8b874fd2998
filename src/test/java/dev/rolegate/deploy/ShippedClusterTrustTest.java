package dev.rolegate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.kubernetes.ClusterCalls;
import dev.rolegate.kubernetes.TrustedClusters;
import dev.rolegate.worker.WorkerAuthConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.quarkus.runtime.configuration.DurationConverter;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The trusted clusters of the shipped ConfigMap pass the checks rolegate makes at start-up: a key that exists but
 * contradicts another (a key set on a token-review cluster) would otherwise only show as a crash loop in the cluster.
 */
class ShippedClusterTrustTest {

    @Test
    void theBaseConfigMapsClustersAreAcceptedAtStartUp() throws IOException {
        WorkerAuthConfig config = mapped(mountedProperties()).getConfigMapping(WorkerAuthConfig.class);

        assertThat(config.kubernetes().clusters()).isNotEmpty();
        TrustedClusters clusters = new TrustedClusters(config, Clock.systemUTC(), new ClusterCalls(new SimpleMeterRegistry(), Clock.systemUTC()),
                new ObjectMapper());

        assertThat(clusters).isNotNull();
    }

    private static Properties mountedProperties() throws IOException {
        JsonNode configMap = Kustomize.render(Path.of("k8s/base")).stream()
                .filter(o -> o.path("kind").asText().equals("ConfigMap") && o.at("/metadata/name").asText().equals("rolegate-config"))
                .findFirst().orElseThrow();
        Properties properties = new Properties();
        properties.load(new StringReader(configMap.at("/data/application.properties").asText()));
        return properties;
    }

    private static SmallRyeConfig mapped(Properties properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "configmap", 300))
                // A converter answers null for an empty value, as SmallRye's own do, so an absent Optional stays empty.
                .withConverter(Path.class, 100, value -> value.isBlank() ? null : Path.of(value))
                .withConverter(URI.class, 100, value -> value.isBlank() ? null : URI.create(value))
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(WorkerAuthConfig.class)
                .withValidateUnknown(false)
                .build();
    }
}
