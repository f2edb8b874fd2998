package dev.rolegate.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.testsupport.FakeKubeApiServer;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.worker.WorkerAuthenticationException;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import dev.rolegate.worker.WorkerIdentity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clusters verified by their key set, fetched by rolegate from a fake kube-apiserver or public issuer. */
class JwksVerificationTest {

    private static final FakeKubeApiServer API = new FakeKubeApiServer();
    private static final String IN_CLUSTER_ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final SigningCluster HOME = SigningCluster.generate(IN_CLUSTER_ISSUER);

    private final MutableClock clock = new MutableClock();
    @TempDir
    Path secrets;
    private Path bearerFile;

    @BeforeEach
    void freshApiServer() throws IOException {
        API.reset();
        bearerFile = secrets.resolve("token");
        Files.writeString(bearerFile, "rolegate-sa-token-1\n");
    }

    @AfterAll
    static void stop() {
        API.close();
    }

    private TestClusterConfig home() {
        return TestClusterConfig.jwks(IN_CLUSTER_ISSUER).withJwksUrl(API.url(FakeKubeApiServer.JWKS_PATH)).withBearerTokenFile(bearerFile);
    }

    @Test
    void keySetThatRequiresABearerIsFetchedWithTheBearerTokenFile() {
        API.serveJwks(HOME.jwks(), "rolegate-sa-token-1");
        Trust trust = Trust.of(TestKubernetesConfig.none().with("home", home()), clock);

        assertThat(trust.verifier().verify(HOME.token("deploy", "runner")))
                .isEqualTo(WorkerIdentity.serviceAccount("system:serviceaccount:deploy:runner"));
        assertThat(trust.health()).startsWith("UP");
    }

    @Test
    void withoutTheBearerTheApiServers401IsA503LoggedCountedAndShownInHealth() {
        API.serveJwks(HOME.jwks(), "rolegate-sa-token-1");
        Trust trust = Trust.of(TestKubernetesConfig.none().with("home", TestClusterConfig.jwks(IN_CLUSTER_ISSUER)
                .withJwksUrl(API.url(FakeKubeApiServer.JWKS_PATH))), clock);
        String token = HOME.token("deploy", "runner");

        try (CapturedLog log = new CapturedLog()) {
            assertThatThrownBy(() -> trust.verifier().verify(token))
                    .isInstanceOf(KubernetesUnavailableException.class)
                    .hasMessageContaining("'home'")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
            assertThat(log.warnings()).singleElement().asString()
                    .contains("'home'", "unauthorized", "401", "Unauthorized").doesNotContain(token);
        }
        assertThat(trust.failures("home", "unauthorized")).isEqualTo(1);
        assertThat(trust.health()).startsWith("DOWN").contains("failing=home");
    }

    @Test
    void rotatedBearerTokenFileIsReadAgainOnTheNextFetch() throws IOException {
        API.serveJwks(HOME.jwks(), "rolegate-sa-token-1");
        Trust trust = Trust.of(TestKubernetesConfig.none().with("home", home()), clock);
        trust.verifier().verify(HOME.token("deploy", "runner"));

        SigningCluster rotatedKey = HOME.rotated();
        API.reset();
        API.serveJwks(SigningCluster.jwksOf(HOME, rotatedKey), "rolegate-sa-token-2");
        Files.writeString(bearerFile, "rolegate-sa-token-2\n");
        clock.advance(Duration.ofMinutes(1));

        assertThat(trust.verifier().verify(rotatedKey.token("deploy", "runner")).identity()).isEqualTo("system:serviceaccount:deploy:runner");
        assertThat(API.jwksRequests()).isEqualTo(1);
    }

    @Test
    void tokensOfTwoClustersAreEachAcceptedWithTheirOwnKeysAndOnlyTheHomeClustersAreNamedPlainly() {
        SigningCluster eks = SigningCluster.generate(API.url("/id/EXAMPLED539D4633E53DE1B71EXAMPLE").toString());
        API.serveJwks(HOME.jwks(), "rolegate-sa-token-1");
        API.servePublicIssuer("/id/EXAMPLED539D4633E53DE1B71EXAMPLE", eks.jwks());
        Trust trust = Trust.of(TestKubernetesConfig.none().with("home", home()).with("eks", TestClusterConfig.jwks(eks.issuer())).withHome("home"), clock);

        assertThat(trust.verifier().verify(HOME.token("deploy", "runner")).identity()).isEqualTo("system:serviceaccount:deploy:runner");
        assertThat(trust.verifier().verify(eks.token("deploy", "runner")).identity()).isEqualTo("cluster:eks:system:serviceaccount:deploy:runner");
    }

    @Test
    void bearerTokenIsNeverSentToAKeySetHostTheDiscoveryDocumentNamesOnAnotherOrigin() {
        SigningCluster eks = SigningCluster.generate(API.url("/id/FOREIGN").toString());
        try (FakeKubeApiServer foreign = new FakeKubeApiServer()) {
            foreign.servePublicIssuer("/elsewhere", eks.jwks());
            API.servePublicIssuer("/id/FOREIGN", eks.jwks(), foreign.url("/elsewhere/keys"));
            Trust trust = Trust.of(TestKubernetesConfig.none().with("eks", TestClusterConfig.jwks(eks.issuer()).withBearerTokenFile(bearerFile)), clock);

            assertThat(trust.verifier().verify(eks.token("batch", "etl")).identity()).isEqualTo("system:serviceaccount:batch:etl");
            assertThat(API.authorizationsReceived()).containsExactly("Bearer rolegate-sa-token-1");
            assertThat(foreign.authorizationsReceived()).containsExactly("");
        }
    }

    @Test
    void withSeveralClustersAndNoHomeEveryClustersServiceAccountsAreQualified() {
        SigningCluster eks = SigningCluster.generate(API.url("/id/EXAMPLED539D4633E53DE1B71EXAMPLE").toString());
        API.serveJwks(HOME.jwks(), "rolegate-sa-token-1");
        API.servePublicIssuer("/id/EXAMPLED539D4633E53DE1B71EXAMPLE", eks.jwks());
        Trust trust = Trust.of(TestKubernetesConfig.none().with("home", home()).with("eks", TestClusterConfig.jwks(eks.issuer())), clock);

        assertThat(trust.verifier().verify(HOME.token("deploy", "runner")).identity()).isEqualTo("cluster:home:system:serviceaccount:deploy:runner");
        assertThat(trust.verifier().verify(eks.token("deploy", "runner")).identity()).isEqualTo("cluster:eks:system:serviceaccount:deploy:runner");
    }

    @Test
    void tokenSignedByOneClusterClaimingTheOthersIssuerIsRefused() {
        SigningCluster eks = SigningCluster.generate(API.url("/id/EXAMPLED539D4633E53DE1B71EXAMPLE").toString());
        API.serveJwks(HOME.jwks(), "rolegate-sa-token-1");
        API.servePublicIssuer("/id/EXAMPLED539D4633E53DE1B71EXAMPLE", eks.jwks());
        Trust trust = Trust.of(TestKubernetesConfig.none().with("home", home()).with("eks", TestClusterConfig.jwks(eks.issuer())), clock);

        assertThatThrownBy(() -> trust.verifier().verify(HOME.tokenClaiming(eks.issuer(), "deploy", "runner")))
                .isInstanceOf(WorkerAuthenticationException.class).extracting("reason").isEqualTo(Reason.BAD_SIGNATURE);
        assertThatThrownBy(() -> trust.verifier().verify(eks.tokenClaiming(IN_CLUSTER_ISSUER, "deploy", "runner")))
                .isInstanceOf(WorkerAuthenticationException.class).extracting("reason").isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void tokenOfAnIssuerNoClusterHasIsRefusedNamingTheTrustedOnes() {
        Trust trust = Trust.of(TestKubernetesConfig.none().with("home", home()), clock);

        assertThatThrownBy(() -> trust.verifier().verify(HOME.tokenClaiming("https://oidc.eks.eu-west-1.amazonaws.com/id/OTHER", "deploy", "runner")))
                .isInstanceOf(WorkerAuthenticationException.class)
                .hasMessageContaining("not issued by a trusted cluster").hasMessageContaining(IN_CLUSTER_ISSUER)
                .extracting("reason").isEqualTo(Reason.WRONG_ISSUER);
        assertThat(API.jwksRequests()).isZero();
    }

    @Test
    void unknownKeyIdTriggersOneRefetchAndFurtherUnknownIdsWaitForTheMinimumInterval() {
        API.serveJwks(HOME.jwks(), "rolegate-sa-token-1");
        Trust trust = Trust.of(TestKubernetesConfig.none().with("home", home()), clock);
        trust.verifier().verify(HOME.token("deploy", "runner"));
        SigningCluster rotatedKey = HOME.rotated();
        API.serveJwks(SigningCluster.jwksOf(HOME, rotatedKey), "rolegate-sa-token-1");
        clock.advance(Duration.ofSeconds(31));

        assertThat(trust.verifier().verify(rotatedKey.token("deploy", "runner")).identity()).isEqualTo("system:serviceaccount:deploy:runner");
        assertThat(API.jwksRequests()).isEqualTo(2);

        assertThatThrownBy(() -> trust.verifier().verify(HOME.rotated().token("deploy", "runner")))
                .isInstanceOf(WorkerAuthenticationException.class).extracting("reason").isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(API.jwksRequests()).isEqualTo(2);
    }

    @Test
    void failedRefreshKeepsTheLastGoodKeysAndIsReportedUntilAFetchSucceeds() {
        API.serveJwks(HOME.jwks(), "rolegate-sa-token-1");
        Trust trust = Trust.of(TestKubernetesConfig.none().with("home", home()), clock);
        trust.verifier().verify(HOME.token("deploy", "runner"));
        API.failJwks(503);
        clock.advance(Duration.ofMinutes(11));

        String mintedLater = HOME.token("deploy", "other", IN_CLUSTER_ISSUER, clock.instant().plusSeconds(600));

        assertThat(trust.verifier().verify(mintedLater).identity()).isEqualTo("system:serviceaccount:deploy:other");
        assertThat(API.jwksRequests()).isEqualTo(2);
        assertThat(trust.failures("home", "server_error")).isEqualTo(1);
        assertThat(trust.health()).startsWith("DOWN");

        API.reset();
        API.serveJwks(HOME.jwks(), "rolegate-sa-token-1");
        clock.advance(Duration.ofMinutes(1));
        trust.clusters().refreshKeys();
        assertThat(trust.health()).startsWith("UP");
    }

    @Test
    void unreachableApiServerDoesNotStopStartUpAndIsA503WithoutHammeringIt() {
        URI closed = URI.create("http://127.0.0.1:1/openid/v1/jwks");
        Trust trust = Trust.of(TestKubernetesConfig.none().with("home", home().withJwksUrl(closed)), clock);
        String token = HOME.token("deploy", "runner");

        try (CapturedLog log = new CapturedLog()) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> trust.verifier().verify(token)).isInstanceOf(KubernetesUnavailableException.class);
            }
            assertThat(log.warnings()).singleElement().asString().contains("'home'", "unreachable").doesNotContain(token);
            assertThat(log.all()).doesNotContain(token);
        }
        assertThat(trust.failures("home", "unreachable")).isEqualTo(1);
    }

    @Test
    void verifiedTokenIsServedFromMemoryWithoutAnotherFetch() {
        API.serveJwks(HOME.jwks(), "rolegate-sa-token-1");
        Trust trust = Trust.of(TestKubernetesConfig.none().with("home", home()), clock);
        String token = HOME.token("deploy", "runner");
        assertThat(trust.verifier().verifiedFromMemory(token)).isNull();
        trust.verifier().verify(token);

        assertThat(trust.verifier().verifiedFromMemory(token).identity()).isEqualTo("system:serviceaccount:deploy:runner");
        assertThat(API.jwksRequests()).isEqualTo(1);
    }
}
