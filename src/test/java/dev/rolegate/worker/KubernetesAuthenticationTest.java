package dev.rolegate.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.testsupport.Deadlines;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.TestTokens;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kubernetes projected service-account tokens through {@link WorkerAuthenticator}, with the test
 * profile's cluster JWKS, issuer and audience: accepted only when all of them match.
 */
@QuarkusTest
class KubernetesAuthenticationTest {

    private static final String SUBJECT = "system:serviceaccount:deploy:terraform-runner";

    @Inject
    WorkerAuthenticator authenticator;

    @BeforeEach
    void realTime() {
        MutableClock.shared().reset();
    }

    @Test
    void tokenWithTheClustersSignatureIssuerAndAudienceIsAccepted() {
        String token = ClusterTokens.serviceAccount("deploy", "terraform-runner");

        WorkerIdentity identity = authenticator.authenticate("Bearer " + token, Deadlines.soon());

        assertThat(identity.kind()).isEqualTo(IdentityKind.SERVICE_ACCOUNT);
        assertThat(identity.identity()).isEqualTo(SUBJECT);
        assertThat(identity.projectId()).isNull();
        assertThat(identity.tokenId()).isNull();
        assertThat(identity.toString()).doesNotContain(token);
    }

    @Test
    void rawTokenWithoutBearerIsAcceptedAsTheContainerCredentialsProtocolSendsIt() {
        assertThat(authenticator.authenticate(ClusterTokens.serviceAccount("deploy", "terraform-runner"), Deadlines.soon()).identity()).isEqualTo(SUBJECT);
    }

    static Stream<Arguments> refusedTokens() {
        return Stream.of(
                Arguments.argumentSet("bad signature", (Supplier<String>) () -> ClusterTokens.signedByUntrustedKey(SUBJECT), Reason.BAD_SIGNATURE),
                Arguments.argumentSet("signed with the portal's key", (Supplier<String>) () -> ClusterTokens.signedByPortalKey(SUBJECT), Reason.BAD_SIGNATURE),
                Arguments.argumentSet("expired", (Supplier<String>) () -> ClusterTokens.expired(SUBJECT), Reason.EXPIRED),
                Arguments.argumentSet("wrong audience", (Supplier<String>) () -> ClusterTokens.withAudience(SUBJECT, "https://kubernetes.default.svc"), Reason.WRONG_AUDIENCE),
                Arguments.argumentSet("wrong issuer", (Supplier<String>) () -> ClusterTokens.withIssuer(SUBJECT, "https://oidc.eks.eu-west-1.amazonaws.com/id/OTHER"), Reason.WRONG_ISSUER),
                Arguments.argumentSet("user subject", (Supplier<String>) () -> ClusterTokens.withSubject("alice@example.com"), Reason.NOT_A_SERVICE_ACCOUNT),
                Arguments.argumentSet("node subject", (Supplier<String>) () -> ClusterTokens.withSubject("system:node:ip-10-0-0-1"), Reason.NOT_A_SERVICE_ACCOUNT),
                Arguments.argumentSet("service account without name", (Supplier<String>) () -> ClusterTokens.withSubject("system:serviceaccount:deploy:"), Reason.NOT_A_SERVICE_ACCOUNT),
                Arguments.argumentSet("service account with extra segment", (Supplier<String>) () -> ClusterTokens.withSubject("system:serviceaccount:deploy:runner:x"), Reason.NOT_A_SERVICE_ACCOUNT),
                Arguments.argumentSet("portal token", (Supplier<String>) TestTokens::portal, Reason.WRONG_ISSUER),
                Arguments.argumentSet("not a JWT", (Supplier<String>) () -> "definitely-not-a-jwt", Reason.INVALID));
    }

    @ParameterizedTest
    @MethodSource("refusedTokens")
    void tokenIsRefusedForTheRightReasonWithoutEchoingIt(Supplier<String> mint, Reason reason) {
        String token = mint.get();

        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + token, Deadlines.soon()))
                .isInstanceOf(WorkerAuthenticationException.class)
                .satisfies(e -> assertThat(((WorkerAuthenticationException) e).reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContain(token))
                .hasNoCause();
    }

    @Test
    void refusedTokenStaysRefusedWhenPresentedAgain() {
        String token = ClusterTokens.withAudience(SUBJECT, "vault");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> authenticator.authenticate(token, Deadlines.soon())).isInstanceOf(WorkerAuthenticationException.class);
        }
    }
}
