package dev.rolegate.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    /** The test vector the Standard Webhooks reference libraries check against. */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecificationsTestVectorExactly() {
        assertThat(new WebhookSigner(List.of(SPEC_SECRET), true).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)).isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void theTestsOwnReceiverAcceptsTheVectorAndRefusesAnAlteredBody() throws Exception {
        assertThat(Receiver.verifies(SPEC_SECRET, SPEC_ID, Long.toString(SPEC_TIMESTAMP), SPEC_BODY, SPEC_SIGNATURE)).isTrue();
        assertThat(Receiver.verifies(SPEC_SECRET, SPEC_ID, Long.toString(SPEC_TIMESTAMP), "{\"test\": 2432232315}", SPEC_SIGNATURE)).isFalse();
        assertThat(Receiver.verifies(SPEC_SECRET, SPEC_ID, Long.toString(SPEC_TIMESTAMP + 1), SPEC_BODY, SPEC_SIGNATURE)).isFalse();
    }

    @Test
    void duringRotationEverySecretSignsSoAReceiverWithEitherAccepts() throws Exception {
        String next = WebhookReceiverResource.SECRET;
        String header = new WebhookSigner(List.of(SPEC_SECRET, next), true).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);

        assertThat(header.split(" ")).hasSize(2).startsWith(SPEC_SIGNATURE);
        assertThat(Receiver.verifies(next, SPEC_ID, Long.toString(SPEC_TIMESTAMP), SPEC_BODY, header)).isTrue();
    }

    @Test
    void aMalformedSecretStopsStartUpWithoutQuotingIt() {
        String shortSecret = "whsec_c2hvcnQ=";
        assertThatThrownBy(() -> new WebhookSigner(List.of(shortSecret), true))
                .hasMessageContaining("rolegate.webhooks.secrets[0]").hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> new WebhookSigner(List.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), true))
                .hasMessageContaining("whsec_").hasMessageNotContaining("MfKQ9r8G");
        assertThatThrownBy(() -> new WebhookSigner(List.of("whsec_not*base64*at*all*here*padding"), true))
                .hasMessageContaining("Base64").hasMessageNotContaining("not*base64");
    }

    @Test
    void aUrlWithoutASecretStopsStartUp() {
        assertThatThrownBy(() -> new WebhookSigner(List.of(), true)).hasMessageContaining("rolegate.webhooks.secrets is required");
    }

    @Test
    void toStringCountsSecretsAndShowsNone() {
        assertThat(new WebhookSigner(List.of(SPEC_SECRET), true).toString()).isEqualTo("WebhookSigner[1 secret(s)]");
    }
}
