package dev.rolegate.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.kubernetes.TestClusterConfig;
import dev.rolegate.kubernetes.TestKubernetesConfig;
import dev.rolegate.kubernetes.Trust;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Kubernetes verifier with a mounted key set file: disabled mode, algorithms, and the cache's respect for exp. */
class KubernetesTokenVerifierTest {

    private static final String SUBJECT = "system:serviceaccount:deploy:runner";
    private static final Path JWKS_FILE = Path.of("src/test/resources/" + ClusterTokens.JWKS);

    private final MutableClock clock = new MutableClock();

    private KubernetesTokenVerifier mountedKeySet() {
        return Trust.of(TestKubernetesConfig.none().with("test", TestClusterConfig.jwks(ClusterTokens.ISSUER).withJwksFile(JWKS_FILE)), clock).verifier();
    }

    @Test
    void mountedKeySetFileVerifiesTheClustersTokens() {
        WorkerIdentity identity = mountedKeySet().verify(ClusterTokens.serviceAccount("deploy", "runner"));

        assertThat(identity).isEqualTo(WorkerIdentity.serviceAccount(SUBJECT));
        assertThat(identity.projectId()).isNull();
        assertThat(identity.tokenId()).isNull();
    }

    @Test
    void anotherKeysSignatureUnderTheClustersKeyIdIsRefused() {
        assertThatThrownBy(() -> mountedKeySet().verify(ClusterTokens.signedByUntrustedKey(SUBJECT)))
                .isInstanceOf(WorkerAuthenticationException.class)
                .extracting("reason").isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void symmetricallySignedTokenIsRefused() {
        String token = Jwt.issuer(ClusterTokens.ISSUER).subject(SUBJECT).audience(ClusterTokens.AUDIENCE).expiresAt(Instant.now().plusSeconds(600))
                .jws().keyId(ClusterTokens.KEY_ID).algorithm(SignatureAlgorithm.HS256).signWithSecret("a-shared-secret-of-at-least-256-bits-0123456789");

        assertThatThrownBy(() -> mountedKeySet().verify(token))
                .isInstanceOf(WorkerAuthenticationException.class)
                .extracting("reason").isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void withoutClustersEveryServiceAccountTokenIsRefused() {
        KubernetesTokenVerifier verifier = Trust.of(TestKubernetesConfig.none(), clock).verifier();

        assertThat(verifier.isEnabled()).isFalse();
        assertThatThrownBy(() -> verifier.verify(ClusterTokens.serviceAccount("deploy", "runner")))
                .isInstanceOf(WorkerAuthenticationException.class)
                .extracting("reason").isEqualTo(Reason.KUBERNETES_DISABLED);
    }

    @Test
    void cachedTokenIsRefusedOnceTheClockPassesItsExpiryAndTheAllowedSkew() {
        KubernetesTokenVerifier verifier = mountedKeySet();
        String token = ClusterTokens.expiringAt(SUBJECT, Instant.now().plusSeconds(120));
        assertThat(verifier.verify(token).identity()).isEqualTo(SUBJECT);

        clock.advance(Duration.ofSeconds(120 + 30 + 1));

        assertThat(verifier.verifiedFromMemory(token)).isNull();
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(WorkerAuthenticationException.class)
                .extracting("reason").isEqualTo(Reason.EXPIRED);
    }

    @Test
    void cachedTokenIsServedWithinItsLifetime() {
        KubernetesTokenVerifier verifier = mountedKeySet();
        String token = ClusterTokens.expiringAt(SUBJECT, Instant.now().plusSeconds(600));
        verifier.verify(token);

        clock.advance(Duration.ofSeconds(300));

        assertThat(verifier.verifiedFromMemory(token).identity()).isEqualTo(SUBJECT);
    }

    @Test
    void refusalMessagesNeverContainTheToken() {
        KubernetesTokenVerifier verifier = mountedKeySet();
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
