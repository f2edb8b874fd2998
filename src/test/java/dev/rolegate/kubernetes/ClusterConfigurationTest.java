package dev.rolegate.kubernetes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.worker.WorkerAuthConfig;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Configuration errors stop start-up with a message naming the key; an unreachable cluster does not. */
class ClusterConfigurationTest {

    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    private final MutableClock clock = new MutableClock();

    private void assertRefused(TestClusterConfig cluster, String message) {
        assertThatThrownBy(() -> Trust.of(TestKubernetesConfig.none().with("home", cluster), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message);
    }

    @Test
    void blankIssuerIsRefused() {
        assertRefused(TestClusterConfig.jwks(" ").withJwksFile(Path.of("jwks.json")), "rolegate.workers.kubernetes.clusters.\"home\".issuer must not be blank");
    }

    @Test
    void bothJwksUrlAndJwksFileAreRefused() {
        assertRefused(TestClusterConfig.jwks(ISSUER).withJwksUrl(URI.create("https://kubernetes.default.svc/openid/v1/jwks")).withJwksFile(Path.of("jwks.json")),
                "clusters.\"home\".jwks-url and jwks-file are both set");
    }

    @Test
    void tokenReviewWithoutApiServerUrlIsRefused() {
        assertRefused(TestClusterConfig.jwks(ISSUER).withVerification(WorkerAuthConfig.Verification.TOKEN_REVIEW),
                "clusters.\"home\".api-server-url is required with verification=token-review");
    }

    @Test
    void tokenReviewWithAKeySetIsRefused() {
        assertRefused(TestClusterConfig.tokenReview(ISSUER, URI.create("https://kubernetes.default.svc")).withJwksFile(Path.of("jwks.json")),
                "remove jwks-url and jwks-file");
    }

    @Test
    void plainHttpBeyondLoopbackIsRefusedSinceTheBearerTokenWouldTravelInClear() {
        assertRefused(TestClusterConfig.jwks(ISSUER).withJwksUrl(URI.create("http://kubernetes.default.svc/openid/v1/jwks")),
                "clusters.\"home\".jwks-url must be an https URL");
        assertRefused(TestClusterConfig.jwks("http://oidc.example.com/id/X"), "clusters.\"home\".issuer must be an https URL");
    }

    @Test
    void credentialsInAClusterUrlAreRefusedWithoutQuotingThem() {
        assertRefusedUnquoted(TestClusterConfig.jwks("https://admin:hunter2@oidc.example.com/id/X"), "clusters.\"home\".issuer must not carry user information");
        assertRefusedUnquoted(TestClusterConfig.jwks(ISSUER).withJwksUrl(URI.create("https://admin:hunter2@kubernetes.default.svc/openid/v1/jwks")),
                "clusters.\"home\".jwks-url must not carry user information");
        assertRefusedUnquoted(TestClusterConfig.tokenReview(ISSUER, URI.create("https://admin:hunter2@kubernetes.default.svc")),
                "clusters.\"home\".api-server-url must not carry user information");
    }

    private void assertRefusedUnquoted(TestClusterConfig cluster, String message) {
        assertThatThrownBy(() -> Trust.of(TestKubernetesConfig.none().with("home", cluster), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void twoClustersWithOneIssuerAreRefused() {
        assertThatThrownBy(() -> Trust.of(TestKubernetesConfig.none()
                .with("a", TestClusterConfig.jwks(ISSUER).withJwksFile(Path.of("a.json")))
                .with("b", TestClusterConfig.jwks(ISSUER).withJwksFile(Path.of("b.json"))), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is also the issuer of another cluster");
    }

    @Test
    void unreachableOrMissingSourcesDoNotStopStartUp() {
        Trust trust = Trust.of(TestKubernetesConfig.none()
                .with("a", TestClusterConfig.jwks(ISSUER).withJwksUrl(URI.create("https://127.0.0.1:1/openid/v1/jwks")))
                .with("b", TestClusterConfig.jwks("https://oidc.eks.eu-west-1.amazonaws.com/id/X"))
                .with("c", TestClusterConfig.jwks("https://c.example").withJwksFile(Path.of("does-not-exist.json"))), clock);

        assertThat(trust.verifier().isEnabled()).isTrue();
        assertThat(trust.health()).startsWith("UP").contains("none yet");
    }

    @Test
    void homeClusterNamingNoConfiguredClusterIsRefused() {
        assertThatThrownBy(() -> Trust.of(TestKubernetesConfig.none()
                .with("a", TestClusterConfig.jwks(ISSUER).withJwksFile(Path.of("a.json")))
                .with("b", TestClusterConfig.jwks("https://b.example").withJwksFile(Path.of("b.json")))
                .withHome("c"), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rolegate.workers.kubernetes.home-cluster names no configured cluster: 'c'");
    }

    @Test
    void clusterNameThatCannotBePartOfAnIdentityIsRefused() {
        for (String name : new String[] {"Home", "a:b", "-edge", "x".repeat(41)}) {
            assertThatThrownBy(() -> Trust.of(TestKubernetesConfig.none().with(name, TestClusterConfig.jwks(ISSUER).withJwksFile(Path.of("a.json"))), clock))
                    .as(name).isInstanceOf(IllegalStateException.class).hasMessageContaining("has an invalid name");
        }
    }
}
