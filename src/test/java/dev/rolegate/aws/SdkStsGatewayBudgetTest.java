package dev.rolegate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeSts.Scripted;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller's budget bounds a whole STS call, retries included. Against an STS slower than every timeout, a
 * budgeted call gives up before it has used its attempts; an unbudgeted one uses all of them.
 */
class SdkStsGatewayBudgetTest {

    private static final String EXTERNAL_ID = "ext-id-Budget-0b9f3a17c2";
    private static final int MAX_ATTEMPTS = 4;
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** Room for three attempts of the four: the probe's budget. */
    private static final Duration INTERACTIVE = Duration.ofMillis(2500);
    /** Less than one attempt. */
    private static final Duration BUDGET = Duration.ofMillis(500);
    /** Slower than any attempt: every attempt that reaches the fake times out. */
    private static final Scripted SLOW = Scripted.delay(5000);

    private static GatewayFixture sts;

    @BeforeAll
    static void startFake() {
        sts = new GatewayFixture(MAX_ATTEMPTS, ATTEMPT_TIMEOUT, CALL_TIMEOUT, INTERACTIVE);
    }

    @AfterAll
    static void stopFake() {
        sts.close();
    }

    @BeforeEach
    void freshFake() {
        sts.fake.reset();
        sts.meters.clear();
    }

    @Test
    void budgetedAssumeRoleAgainstASlowStsTimesOutBeforeUsingItsAttempts() {
        AssumeRoleCommand command = sts.customerRole(EXTERNAL_ID);
        sts.fake.failAll("AssumeRole", SLOW);
        long start = System.nanoTime();

        Throwable thrown = catchThrowable(() -> sts.gateway.assumeRole(command, BUDGET));

        assertTimeout(thrown);
        assertThat(sts.fake.calls("AssumeRole")).hasSizeBetween(1, MAX_ATTEMPTS - 1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("far below the call timeout").isLessThan(CALL_TIMEOUT);
        assertThat(sts.calls("AssumeRole", "error")).isEqualTo(1);
        assertThat(sts.healthHere().failure()).isEqualTo(StsFailure.UNAVAILABLE);
    }

    @Test
    void unbudgetedAssumeRoleAgainstASlowStsUsesEveryAttemptOfTheCallTimeout() {
        AssumeRoleCommand command = sts.customerRole(EXTERNAL_ID);
        sts.fake.failAll("AssumeRole", SLOW);

        Throwable thrown = catchThrowable(() -> sts.gateway.assumeRole(command));

        assertTimeout(thrown);
        assertThat(sts.fake.calls("AssumeRole")).hasSize(MAX_ATTEMPTS);
    }

    @Test
    void budgetedCallerIdentityAgainstASlowStsTimesOutBeforeUsingItsAttempts() {
        TemporaryCredentials credentials = sts.gateway.assumeRole(sts.customerRole(EXTERNAL_ID)).credentials();
        sts.fake.failAll("GetCallerIdentity", SLOW);

        Throwable thrown = catchThrowable(() -> sts.gateway.callerIdentity(GatewayFixture.REGION, credentials, BUDGET));

        assertTimeout(thrown);
        assertThat(sts.fake.calls("GetCallerIdentity")).hasSizeBetween(1, MAX_ATTEMPTS - 1);
    }

    @Test
    void budgetedCallsSucceedAgainstAHealthySts() {
        AssumedRole assumed = sts.gateway.assumeRole(sts.customerRole(EXTERNAL_ID), INTERACTIVE);

        CallerIdentity identity = sts.gateway.callerIdentity(GatewayFixture.REGION, assumed.credentials(), INTERACTIVE);

        assertThat(identity.account()).isEqualTo("123456789012");
        assertThat(sts.calls("AssumeRole", "success")).isEqualTo(1);
        assertThat(sts.calls("GetCallerIdentity", "success")).isEqualTo(1);
    }

    @Test
    void spentBudgetFailsAtOnceWithoutCallingSts() {
        AssumeRoleCommand command = sts.customerRole(EXTERNAL_ID);
        StsHealth.Observation before = sts.healthHere();

        for (Duration spent : new Duration[] {Duration.ZERO, Duration.ofMillis(-5)}) {
            assertTimeout(catchThrowable(() -> sts.gateway.assumeRole(command, spent)));
        }

        assertThat(sts.fake.calls("AssumeRole")).isEmpty();
        assertThat(sts.healthHere()).as("no call, nothing learnt about STS").isSameAs(before);
    }

    @Test
    void probeAsksWhoRolegateIsWithItsOwnCredentials() {
        CallerIdentity identity = sts.gateway.probe(GatewayFixture.REGION);

        assertThat(identity.account()).isEqualTo(FakeSts.PLATFORM_ACCOUNT);
        assertThat(sts.healthHere().isFailure()).isFalse();
        assertThat(sts.calls("GetCallerIdentity", "success")).isEqualTo(1);
    }

    @Test
    void probeIsBoundByTheInteractiveBudget() {
        sts.fake.failAll("GetCallerIdentity", SLOW);

        assertTimeout(catchThrowable(() -> sts.gateway.probe(GatewayFixture.REGION)));
        assertThat(sts.fake.calls("GetCallerIdentity")).hasSizeBetween(1, MAX_ATTEMPTS - 1);
        assertThat(sts.healthHere().failure()).isEqualTo(StsFailure.UNAVAILABLE);
    }

    private static void assertTimeout(Throwable thrown) {
        assertThat(thrown).isExactlyInstanceOf(StsCallException.class);
        StsCallException e = (StsCallException) thrown;
        assertThat(e.failure()).isEqualTo(StsFailure.UNAVAILABLE);
        assertThat(e.errorCode()).isEqualTo("Timeout");
    }
}
