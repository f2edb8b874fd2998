package dev.rolegate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's environment variables: documented defaults, and a clear stop on a value it cannot use. */
class AgentConfigTest {

    @Test
    void onlyTheUpstreamIsRequiredAndEverythingElseHasItsDocumentedDefault() {
        AgentConfig config = AgentConfig.fromEnvironment(Map.of("ROLEGATE_AGENT_UPSTREAM_URL", "https://rolegate.rolegate.svc:8443/"));

        assertThat(config.upstream()).isEqualTo(URI.create("https://rolegate.rolegate.svc:8443"));
        assertThat(config.listenHost()).isEqualTo("169.254.170.2");
        assertThat(config.listenPort()).isEqualTo(80);
        assertThat(config.adminHost()).isEqualTo("0.0.0.0");
        assertThat(config.adminPort()).isEqualTo(9911);
        assertThat(config.caFile()).isEmpty();
        assertThat(config.clientCertFile()).isEmpty();
        assertThat(config.refreshWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.cacheMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.cacheMaxEntries()).isEqualTo(10_000);
        assertThat(config.upstreamTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void withoutAnUpstreamTheAgentRefusesToStart() {
        assertThatThrownBy(() -> AgentConfig.fromEnvironment(Map.of())).hasMessageContaining("ROLEGATE_AGENT_UPSTREAM_URL is required");
    }

    @Test
    void unusableValuesNameTheirVariable() {
        assertRefused("UPSTREAM_URL", "rolegate.svc:8443", "ROLEGATE_AGENT_UPSTREAM_URL");
        assertRefused("LISTEN_PORT", "eighty", "ROLEGATE_AGENT_LISTEN_PORT");
        assertRefused("ADMIN_PORT", "70000", "ROLEGATE_AGENT_ADMIN_PORT");
        assertRefused("REFRESH_WINDOW", "15m", "ROLEGATE_AGENT_REFRESH_WINDOW");
        assertRefused("CACHE_MAX_AGE", "PT0S", "ROLEGATE_AGENT_CACHE_MAX_AGE");
        assertRefused("CACHE_MAX_ENTRIES", "0", "ROLEGATE_AGENT_CACHE_MAX_ENTRIES");
        assertRefused("CLIENT_CERT_FILE", "/etc/tls/tls.crt", "ROLEGATE_AGENT_CLIENT_KEY_FILE");
        assertRefused("UPSTREAM_TIMEOUT", "PT9S", "ROLEGATE_AGENT_UPSTREAM_TIMEOUT");
    }

    @Test
    void plainHttpToRolegateIsAcceptedOnlyOnLoopback() {
        assertThatThrownBy(() -> AgentConfig.fromEnvironment(Map.of("ROLEGATE_AGENT_UPSTREAM_URL", "http://rolegate.rolegate.svc:8080")))
                .isInstanceOf(AgentConfig.InvalidConfigException.class).hasMessageContaining("must be https unless it is a loopback address");
        for (String loopback : new String[] {"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080"}) {
            assertThat(AgentConfig.fromEnvironment(Map.of("ROLEGATE_AGENT_UPSTREAM_URL", loopback)).upstream()).isEqualTo(URI.create(loopback));
        }
    }

    private static void assertRefused(String variable, String value, String named) {
        Map<String, String> env = new HashMap<>(Map.of("ROLEGATE_AGENT_UPSTREAM_URL", "https://rolegate.example.com"));
        env.put("ROLEGATE_AGENT_" + variable, value);
        assertThatThrownBy(() -> AgentConfig.fromEnvironment(env)).isInstanceOf(AgentConfig.InvalidConfigException.class).hasMessageContaining(named);
    }
}
