package dev.rolegate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.aws.AssumeRoleCommand;
import dev.rolegate.aws.AssumedRole;
import dev.rolegate.aws.CallerIdentity;
import dev.rolegate.aws.StsCallException;
import dev.rolegate.aws.StsConfig;
import dev.rolegate.aws.StsFailure;
import dev.rolegate.aws.StsGateway;
import dev.rolegate.aws.TemporaryCredentials;
import dev.rolegate.setup.SetupMaterialFactory;
import dev.rolegate.setup.TestSetupConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.ArgumentCaptor;

/** Verification: AssumeRole with the External ID, then GetCallerIdentity, and what each outcome means for the account. */
class ConnectionVerifierTest {

    private static final Duration BUDGET = Duration.ofSeconds(4);
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/RolegateAccess-shop";
    private static final String EXTERNAL_ID = "Xq3_vT9-Lm2pR8sW4yZ1aB6cD0eF5gH7";
    private static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLE-session-token-//////////wEaDJ";
    private static final TemporaryCredentials CREDENTIALS =
            new TemporaryCredentials("ASIAEXAMPLE1234567", SECRET_ACCESS_KEY, SESSION_TOKEN, Instant.parse("2026-01-01T00:15:00Z"));

    private final StsGateway sts = mock(StsGateway.class);
    private final StsConfig stsConfig = mock(StsConfig.class);
    private final ConnectionVerifier verifier =
            new ConnectionVerifier(sts, stsConfig, new SetupMaterialFactory(TestSetupConfig.defaults(), new ObjectMapper()));

    @BeforeEach
    void interactiveBudget() {
        when(stsConfig.interactiveCallTimeout()).thenReturn(BUDGET);
    }
    private final VerificationTarget target = new VerificationTarget(UUID.randomUUID(), "shop", ROLE_ARN, EXTERNAL_ID, "eu-west-1");

    @Test
    void roleCredentialsInTheArnsAccountMeanConnected() {
        assumeRoleSucceeds();
        when(sts.callerIdentity(eq("eu-west-1"), eq(CREDENTIALS), any()))
                .thenReturn(new CallerIdentity("123456789012", "arn:aws:sts::123456789012:assumed-role/RolegateAccess-shop/s", "AROA:s"));

        VerificationResult result = verifier.verify(target);

        assertThat(result.status()).isEqualTo(AccountStatus.CONNECTED);
        assertThat(result.error()).isNull();
    }

    @Test
    void callerIdentityIsAskedInTheAccountsRegionWithTheAssumedCredentials() {
        assumeRoleSucceeds();
        when(sts.callerIdentity(anyString(), any(), any())).thenReturn(new CallerIdentity("123456789012", "arn", "id"));

        verifier.verify(target);

        verify(sts).callerIdentity(eq("eu-west-1"), eq(CREDENTIALS), any());
    }

    @Test
    void roleCredentialsInAnotherAccountAreAnErrorNamingBothAccounts() {
        assumeRoleSucceeds();
        when(sts.callerIdentity(eq("eu-west-1"), eq(CREDENTIALS), any())).thenReturn(new CallerIdentity("999999999999", "arn", "id"));

        VerificationResult result = verifier.verify(target);

        assertThat(result.status()).isEqualTo(AccountStatus.ERROR);
        assertThat(result.error()).contains("999999999999", "123456789012", "role ARN");
    }

    @Test
    void accessDeniedGivesTrustPolicyAndExternalIdGuidance() {
        when(sts.assumeRole(any(), any())).thenThrow(failure(StsFailure.ACCESS_DENIED, "AccessDenied"));

        VerificationResult result = verifier.verify(target);

        assertThat(result.status()).isEqualTo(AccountStatus.ACCESS_DENIED);
        assertThat(result.error())
                .contains("trust policy", "ExternalId", "arn:aws:iam::111122223333:root", ROLE_ARN)
                .doesNotContain(EXTERNAL_ID);
        verify(sts, never()).callerIdentity(anyString(), any(), any());
    }

    @ParameterizedTest
    @EnumSource(value = StsFailure.class, mode = EnumSource.Mode.EXCLUDE, names = "ACCESS_DENIED")
    void everyOtherStsFailureIsAnErrorWithAMessage(StsFailure kind) {
        when(sts.assumeRole(any(), any())).thenThrow(failure(kind, "SomeCode"));

        VerificationResult result = verifier.verify(target);

        assertThat(result.status()).isEqualTo(AccountStatus.ERROR);
        assertThat(result.error()).isNotBlank().doesNotContain(EXTERNAL_ID);
    }

    @ParameterizedTest
    @EnumSource(value = StsFailure.class, names = {"THROTTLED", "UNAVAILABLE", "BROKER_CREDENTIALS"})
    void throttlingOutagesAndRolegatesOwnCredentialsAreTransientNotAVerdictOnTheRole(StsFailure kind) {
        when(sts.assumeRole(any(), any())).thenThrow(failure(kind, "SomeCode"));

        assertThat(verifier.verify(target).isTransient()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = StsFailure.class, names = {"ACCESS_DENIED", "INVALID_REQUEST", "REGION_DISABLED", "DURATION_EXCEEDS_ROLE_MAX"})
    void whatTheCustomerMustFixIsAVerdict(StsFailure kind) {
        when(sts.assumeRole(any(), any())).thenThrow(failure(kind, "SomeCode"));

        assertThat(verifier.verify(target).isTransient()).isFalse();
    }

    @Test
    void bothCallsTogetherStayWithinTheBudgetOfACallerWhoWaits() {
        assumeRoleSucceeds();
        when(sts.callerIdentity(anyString(), any(), any())).thenReturn(new CallerIdentity("123456789012", "arn", "id"));

        verifier.verify(target);

        ArgumentCaptor<Duration> first = ArgumentCaptor.forClass(Duration.class);
        ArgumentCaptor<Duration> second = ArgumentCaptor.forClass(Duration.class);
        verify(sts).assumeRole(any(), first.capture());
        verify(sts).callerIdentity(anyString(), any(), second.capture());
        assertThat(first.getValue()).isPositive().isLessThanOrEqualTo(BUDGET);
        assertThat(second.getValue()).isPositive().isLessThanOrEqualTo(first.getValue());
    }

    @Test
    void disabledRegionErrorNamesTheRegion() {
        when(sts.assumeRole(any(), any())).thenThrow(failure(StsFailure.REGION_DISABLED, "RegionDisabledException"));

        assertThat(verifier.verify(target).error()).contains("eu-west-1");
    }

    @Test
    void failingCallerIdentityIsAnError() {
        assumeRoleSucceeds();
        when(sts.callerIdentity(anyString(), any(), any())).thenThrow(failure(StsFailure.UNAVAILABLE, "Timeout"));

        VerificationResult result = verifier.verify(target);

        assertThat(result.status()).isEqualTo(AccountStatus.ERROR);
        assertThat(result.error()).contains("Timeout");
    }

    @Test
    void assumeRoleIsAShortTraceableSessionWithTheExternalId() {
        AssumeRoleCommand command = sentCommand();

        assertThat(command.roleArn()).isEqualTo(ROLE_ARN);
        assertThat(command.externalId()).isEqualTo(EXTERNAL_ID);
        assertThat(command.durationSeconds()).isEqualTo(900);
        assertThat(command.region()).isEqualTo("eu-west-1");
        assertThat(command.roleSessionName()).startsWith("rolegate-shop").matches("[A-Za-z0-9_+=,.@-]{2,64}");
        assertThat(command.sourceIdentity()).isEmpty();
    }

    @Test
    void assumeRoleCommandToStringHidesTheExternalId() {
        AssumeRoleCommand command = sentCommand();

        assertThat(command.toString()).doesNotContain(EXTERNAL_ID).contains(ROLE_ARN);
    }

    @Test
    void temporaryCredentialsToStringShowsOnlyTheAccessKeyId() {
        assertThat(CREDENTIALS.toString())
                .contains("ASIAEXAMPLE1234567")
                .doesNotContain(SECRET_ACCESS_KEY)
                .doesNotContain(SESSION_TOKEN);
    }

    @Test
    void verificationTargetToStringHidesTheExternalId() {
        assertThat(target.toString()).doesNotContain(EXTERNAL_ID).contains(ROLE_ARN, "eu-west-1");
    }

    private AssumeRoleCommand sentCommand() {
        assumeRoleSucceeds();
        when(sts.callerIdentity(anyString(), any(), any())).thenReturn(new CallerIdentity("123456789012", "arn", "id"));
        verifier.verify(target);
        ArgumentCaptor<AssumeRoleCommand> command = ArgumentCaptor.forClass(AssumeRoleCommand.class);
        verify(sts).assumeRole(command.capture(), any());
        return command.getValue();
    }

    private void assumeRoleSucceeds() {
        when(sts.assumeRole(any(), any())).thenReturn(new AssumedRole(CREDENTIALS, "arn:aws:sts::123456789012:assumed-role/RolegateAccess-shop/s", "AROA:s"));
    }

    private static StsCallException failure(StsFailure kind, String code) {
        return new StsCallException(kind, code, "AssumeRole failed: STS " + code, null);
    }
}
