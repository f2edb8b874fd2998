package dev.rolegate.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.rolegate.testsupport.Deadlines;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The entry point's routing: header forms, token kinds, and missing credentials. */
class WorkerAuthenticatorTest {

    private static final String WORKER_TOKEN = WorkerTokenFormat.generate();
    private static final WorkerIdentity TOKEN_IDENTITY = WorkerIdentity.workerToken(UUID.randomUUID(), "acme");
    private static final WorkerIdentity SA_IDENTITY = WorkerIdentity.serviceAccount("system:serviceaccount:deploy:runner");

    private final WorkerTokenVerifier workerTokens = mock(WorkerTokenVerifier.class);
    private final KubernetesTokenVerifier kubernetes = mock(KubernetesTokenVerifier.class);
    private final WorkerAuthenticator authenticator = new WorkerAuthenticator(workerTokens, kubernetes);

    @ParameterizedTest
    @ValueSource(strings = {"%s", "Bearer %s", "bearer %s", "BEARER   %s", "  Bearer %s\n"})
    void workerTokenIsAcceptedRawOrAsBearer(String header) {
        when(workerTokens.verify(eq(WORKER_TOKEN), any())).thenReturn(TOKEN_IDENTITY);

        assertThat(authenticator.authenticate(header.formatted(WORKER_TOKEN), Deadlines.soon())).isEqualTo(TOKEN_IDENTITY);
        verify(kubernetes, never()).verify(anyString());
    }

    @Test
    void anythingWithoutTheWorkerPrefixGoesToTheKubernetesVerifier() {
        when(kubernetes.verify("eyJhbGciOiJSUzI1NiJ9.e30.sig")).thenReturn(SA_IDENTITY);

        assertThat(authenticator.authenticate("Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig", Deadlines.soon())).isEqualTo(SA_IDENTITY);
        verify(workerTokens, never()).verify(anyString(), any());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "Bearer", "Bearer   "})
    void blankCredentialIsMissing(String header) {
        assertThatThrownBy(() -> authenticator.authenticate(header, Deadlines.soon()))
                .isInstanceOf(WorkerAuthenticationException.class)
                .extracting("reason").isEqualTo(Reason.MISSING);
    }

    @Test
    void nullCredentialIsMissing() {
        assertThatThrownBy(() -> authenticator.authenticate(null, Deadlines.soon()))
                .isInstanceOf(WorkerAuthenticationException.class)
                .extracting("reason").isEqualTo(Reason.MISSING);
    }

    @Test
    void identitiesPrintWithoutAnySecret() {
        assertThat(TOKEN_IDENTITY.toString()).contains(TOKEN_IDENTITY.tokenId().toString()).doesNotContain(WORKER_TOKEN);
        assertThat(new CreatedWorkerToken(WORKER_TOKEN, null).toString()).doesNotContain(WORKER_TOKEN).contains("***");
    }
}
