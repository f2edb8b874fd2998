package dev.rolegate.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Kubernetes verifier on its own: key formats, disabled mode, and the cache's respect for exp. */
class KubernetesTokenVerifierTest {

    private static final String SUBJECT = "system:serviceaccount:deploy:runner";

    private final MutableClock clock = new MutableClock();

    @Test
    void pemPublicKeyLocationVerifiesTokensLikeTheJwks() {
        KubernetesTokenVerifier verifier = new KubernetesTokenVerifier(TestWorkerAuthConfig.kubernetesWith(ClusterTokens.PUBLIC_PEM), clock);

        WorkerIdentity identity = verifier.verify(ClusterTokens.serviceAccount("deploy", "runner"));

        assertThat(identity).isEqualTo(WorkerIdentity.serviceAccount(SUBJECT));
        assertThat(identity.projectId()).isNull();
        assertThat(identity.tokenId()).isNull();
    }

    @Test
    void pemPublicKeyLocationStillRefusesAnotherKeysSignature() {
        KubernetesTokenVerifier verifier = new KubernetesTokenVerifier(TestWorkerAuthConfig.kubernetesWith(ClusterTokens.PUBLIC_PEM), clock);

        assertThatThrownBy(() -> verifier.verify(ClusterTokens.signedByUntrustedKey(SUBJECT)))
                .isInstanceOf(WorkerAuthenticationException.class)
                .extracting("reason").isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void tokenSignedWithAnotherAlgorithmThanConfiguredIsRefused() {
        KubernetesTokenVerifier verifier = new KubernetesTokenVerifier(
                TestWorkerAuthConfig.kubernetesWith(ClusterTokens.JWKS).withAlgorithm(SignatureAlgorithm.ES256), clock);

        assertThatThrownBy(() -> verifier.verify(ClusterTokens.serviceAccount("deploy", "runner")))
                .isInstanceOf(WorkerAuthenticationException.class);
    }

    @Test
    void symmetricAlgorithmIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new KubernetesTokenVerifier(
                TestWorkerAuthConfig.kubernetesWith(ClusterTokens.JWKS).withAlgorithm(SignatureAlgorithm.HS256), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signature-algorithm");
    }

    @Test
    void withoutKeyLocationEveryServiceAccountTokenIsRefused() {
        KubernetesTokenVerifier verifier = new KubernetesTokenVerifier(TestWorkerAuthConfig.withoutKubernetes(), clock);

        assertThat(verifier.isEnabled()).isFalse();
        assertThatThrownBy(() -> verifier.verify(ClusterTokens.serviceAccount("deploy", "runner")))
                .isInstanceOf(WorkerAuthenticationException.class)
                .extracting("reason").isEqualTo(Reason.KUBERNETES_DISABLED);
    }

    @Test
    void cachedTokenIsRefusedOnceTheClockPassesItsExpiryAndTheAllowedSkew() {
        KubernetesTokenVerifier verifier = new KubernetesTokenVerifier(TestWorkerAuthConfig.kubernetesWith(ClusterTokens.JWKS), clock);
        String token = ClusterTokens.expiringAt(SUBJECT, Instant.now().plusSeconds(120));
        assertThat(verifier.verify(token).identity()).isEqualTo(SUBJECT);

        clock.advance(Duration.ofSeconds(120 + 30 + 1));

        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(WorkerAuthenticationException.class)
                .extracting("reason").isEqualTo(Reason.EXPIRED);
    }

    @Test
    void cachedTokenIsServedWithinItsLifetime() {
        KubernetesTokenVerifier verifier = new KubernetesTokenVerifier(TestWorkerAuthConfig.kubernetesWith(ClusterTokens.JWKS), clock);
        String token = ClusterTokens.expiringAt(SUBJECT, Instant.now().plusSeconds(600));
        verifier.verify(token);

        clock.advance(Duration.ofSeconds(300));

        assertThat(verifier.verify(token).identity()).isEqualTo(SUBJECT);
    }

    @Test
    void refusalMessagesNeverContainTheToken() {
        KubernetesTokenVerifier verifier = new KubernetesTokenVerifier(TestWorkerAuthConfig.kubernetesWith(ClusterTokens.JWKS), clock);
        for (String token : new String[] {ClusterTokens.expired(SUBJECT), ClusterTokens.withAudience(SUBJECT, "vault"),
                ClusterTokens.withIssuer(SUBJECT, "https://evil.example.com"), ClusterTokens.signedByUntrustedKey(SUBJECT),
                ClusterTokens.withSubject("portal-backend"), "not.a.jwt"}) {
            assertThatThrownBy(() -> verifier.verify(token))
                    .isInstanceOf(WorkerAuthenticationException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token).doesNotContain(token.split("\\.")[0]))
                    .hasNoCause();
        }
    }
}
