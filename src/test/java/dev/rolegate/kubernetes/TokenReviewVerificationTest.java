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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster verified by TokenReview against a fake kube-apiserver. */
class TokenReviewVerificationTest {

    private static final FakeKubeApiServer API = new FakeKubeApiServer();
    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final SigningCluster CLUSTER = SigningCluster.generate(ISSUER);
    private static final String BEARER = "rolegate-sa-token-1";
    private static final String RUNNER = "system:serviceaccount:deploy:runner";

    private final MutableClock clock = new MutableClock();
    @TempDir
    Path secrets;
    private Trust trust;

    @BeforeEach
    void freshApiServer() throws IOException {
        API.reset();
        Path bearerFile = Files.writeString(secrets.resolve("token"), BEARER + "\n");
        trust = Trust.of(TestKubernetesConfig.none().with("home", TestClusterConfig.tokenReview(ISSUER, API.url()).withBearerTokenFile(bearerFile)), clock);
    }

    @AfterAll
    static void stop() {
        API.close();
    }

    @Test
    void authenticatedReviewGivesTheServiceAccountAndIsRememberedBriefly() {
        String token = CLUSTER.token("deploy", "runner");
        API.reviewAuthenticates(token, BEARER, RUNNER, List.of("rolegate"));

        assertThat(trust.verifier().verify(token)).isEqualTo(WorkerIdentity.serviceAccount(RUNNER));
        assertThat(trust.verifier().verifiedFromMemory(token)).isEqualTo(WorkerIdentity.serviceAccount(RUNNER));
        assertThat(trust.verifier().verify(token)).isEqualTo(WorkerIdentity.serviceAccount(RUNNER));
        assertThat(API.reviewRequests()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(31));
        assertThat(trust.verifier().verifiedFromMemory(token)).isNull();
        trust.verifier().verify(token);
        assertThat(API.reviewRequests()).isEqualTo(2);
    }

    @Test
    void tokenOfADeletedPodIsRefusedAndTheRefusalIsRememberedBriefly() {
        String token = CLUSTER.token("deploy", "runner");
        API.reviewRefusesDeletedPod(token, BEARER);

        assertThatThrownBy(() -> trust.verifier().verify(token))
                .isInstanceOf(WorkerAuthenticationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("does not accept").doesNotContain(token))
                .extracting("reason").isEqualTo(Reason.REVIEW_REFUSED);
        assertThatThrownBy(() -> trust.verifier().verifiedFromMemory(token))
                .isInstanceOf(WorkerAuthenticationException.class).extracting("reason").isEqualTo(Reason.REVIEW_REFUSED);
        assertThat(API.reviewRequests()).isEqualTo(1);
        assertThat(trust.health()).startsWith("UP");
    }

    @Test
    void reviewForOtherAudiencesIsRefused() {
        String token = CLUSTER.token("deploy", "runner");
        API.reviewAuthenticates(token, BEARER, RUNNER, List.of("https://kubernetes.default.svc"));

        assertThatThrownBy(() -> trust.verifier().verify(token))
                .isInstanceOf(WorkerAuthenticationException.class).extracting("reason").isEqualTo(Reason.WRONG_AUDIENCE);
    }

    @Test
    void reviewWithoutStatusAudiencesIsRefusedSinceItVouchesOnlyForTheApiServersOwnAudience() {
        String token = CLUSTER.token("deploy", "runner");
        API.reviewAuthenticates(token, BEARER, RUNNER, List.of());

        assertThatThrownBy(() -> trust.verifier().verify(token))
                .isInstanceOf(WorkerAuthenticationException.class).extracting("reason").isEqualTo(Reason.WRONG_AUDIENCE);
    }

    @Test
    void reviewBeyondTheConcurrencyLimitIsRefusedAsUnavailableWithoutCallingTheApiServer() throws IOException {
        Path bearerFile = Files.writeString(secrets.resolve("token"), BEARER);
        Trust limited = Trust.of(TestKubernetesConfig.none().withTokenReviewMaxConcurrent(1)
                .with("home", TestClusterConfig.tokenReview(ISSUER, API.url()).withBearerTokenFile(bearerFile)), clock);
        API.stallReviews(10_000);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> assertThatThrownBy(() -> limited.verifier().verify(CLUSTER.token("deploy", "first")))
                .isInstanceOf(KubernetesUnavailableException.class));
        awaitReviewRequests(1);

        assertThatThrownBy(() -> limited.verifier().verify(CLUSTER.token("deploy", "second")))
                .isInstanceOf(KubernetesUnavailableException.class).hasMessageContaining("too many TokenReviews in flight");
        assertThat(API.reviewRequests()).isEqualTo(1);

        first.join();
        API.reset();
        String third = CLUSTER.token("deploy", "runner");
        API.reviewAuthenticates(third, BEARER, RUNNER, List.of("rolegate"));
        assertThat(limited.verifier().verify(third)).isEqualTo(WorkerIdentity.serviceAccount(RUNNER));
    }

    private static void awaitReviewRequests(int count) {
        for (int i = 0; i < 200 && API.reviewRequests() < count; i++) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void authenticatedUserThatIsNotAServiceAccountIsRefused() {
        String token = CLUSTER.token("deploy", "runner");
        API.reviewAuthenticates(token, BEARER, "system:node:ip-10-0-0-1", List.of("rolegate"));

        assertThatThrownBy(() -> trust.verifier().verify(token))
                .isInstanceOf(WorkerAuthenticationException.class).extracting("reason").isEqualTo(Reason.NOT_A_SERVICE_ACCOUNT);
    }

    @Test
    void apiServerErrorIsA503WithAWarningAMetricAndHealthDownNeverShowingTheToken() {
        String token = CLUSTER.token("deploy", "runner");
        API.failReviews(500);

        try (CapturedLog log = new CapturedLog()) {
            assertThatThrownBy(() -> trust.verifier().verify(token))
                    .isInstanceOf(KubernetesUnavailableException.class)
                    .hasMessageContaining("TokenReview")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
            assertThat(log.warnings()).singleElement().asString()
                    .contains("'home'", "TokenReview", "server_error", "500", "etcdserver: request timed out");
            assertThat(log.all()).doesNotContain(token).doesNotContain(token.split("\\.")[1]);
        }
        assertThat(trust.failures("home", "server_error")).isEqualTo(1);
        assertThat(trust.health()).startsWith("DOWN").contains("failing=home");
        assertThat(trust.verifier().verifiedFromMemory(token)).isNull();
    }

    @Test
    void unreachableApiServerIsA503AndHealthRecoversWithTheNextGoodReview() throws IOException {
        Path bearerFile = Files.writeString(secrets.resolve("token"), BEARER);
        Trust unreachable = Trust.of(TestKubernetesConfig.none().with("home",
                TestClusterConfig.tokenReview(ISSUER, URI.create("http://127.0.0.1:1")).withBearerTokenFile(bearerFile)), clock);
        String token = CLUSTER.token("deploy", "runner");

        assertThatThrownBy(() -> unreachable.verifier().verify(token)).isInstanceOf(KubernetesUnavailableException.class);
        assertThat(unreachable.failures("home", "unreachable")).isEqualTo(1);
        assertThat(unreachable.health()).startsWith("DOWN");
    }

    @Test
    void missingBearerIsTheApiServers401AndA503() {
        Trust withoutBearer = Trust.of(TestKubernetesConfig.none().with("home", TestClusterConfig.tokenReview(ISSUER, API.url())), clock);
        String token = CLUSTER.token("deploy", "runner");
        API.reviewAuthenticates(token, BEARER, RUNNER, List.of("rolegate"));

        assertThatThrownBy(() -> withoutBearer.verifier().verify(token)).isInstanceOf(KubernetesUnavailableException.class);
        assertThat(withoutBearer.failures("home", "unauthorized")).isEqualTo(1);
    }

    @Test
    void apiServerMessageQuotingTheTokenIsLoggedWithoutIt() {
        String token = CLUSTER.token("deploy", "runner");
        API.refuseReviewsQuotingTheRequest(token);

        try (CapturedLog log = new CapturedLog()) {
            assertThatThrownBy(() -> trust.verifier().verify(token)).isInstanceOf(KubernetesUnavailableException.class);
            assertThat(log.warnings()).singleElement().asString().contains("400", "strict decoding error", "<token>").doesNotContain(token);
        }
        assertThat(trust.health()).doesNotContain(token);
    }

    @Test
    void unreadableAnswerIsAClassifiedFailure() {
        String token = CLUSTER.token("deploy", "runner");
        API.reviewAuthenticates(token, BEARER, RUNNER, List.of("rolegate"));
        API.answerReviewsWith("<html>proxy error</html>");

        assertThatThrownBy(() -> trust.verifier().verify(token)).isInstanceOf(KubernetesUnavailableException.class);
        assertThat(trust.failures("home", "unreadable")).isEqualTo(1);
    }
}
