package dev.rolegate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeSts.Scripted;
import dev.rolegate.testsupport.MutableClock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * STS health follows the present: a failure stands until a call in its region succeeds, and when nothing else calls
 * that region, the probe does. Driven directly, with time moved by {@link MutableClock}.
 */
class StsHealthProbeTest {

    private static final String EXTERNAL_ID = "ext-id-Probe-5d2e81a0f4";
    private static final String OTHER_REGION = "us-east-1";
    private static final String HEALTHY_REGION = "ap-southeast-2";

    private static GatewayFixture sts;
    private final MutableClock clock = MutableClock.shared();
    private StsHealth health;
    private SdkStsGateway gateway;
    private StsHealthProbe probe;
    private Duration interval;

    @BeforeAll
    static void startFake() {
        sts = new GatewayFixture(2, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(4));
    }

    @AfterAll
    static void stopFake() {
        sts.close();
    }

    @BeforeEach
    void freshHealth() {
        sts.fake.reset();
        clock.reset();
        health = new StsHealth(clock);
        gateway = new SdkStsGateway(sts.clients, sts.config, sts.meters, health);
        probe = new StsHealthProbe(health, gateway, sts.config);
        interval = sts.config.healthProbeInterval();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void healthIsUpBeforeAnyCall() {
        HealthCheckResponse response = new StsHealthCheck(health).call();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(probe.probeFailingRegions()).isZero();
    }

    @Test
    void probeCallsNothingWhileEveryRegionIsHealthy() {
        gateway.assumeRole(command(GatewayFixture.REGION));
        clock.advance(interval.multipliedBy(10));

        assertThat(probe.probeFailingRegions()).isZero();
        assertThat(sts.fake.calls("GetCallerIdentity")).isEmpty();
    }

    @Test
    void stsDownInOneRegionIsReportedDownNamingThatRegion() {
        gateway.assumeRole(command(OTHER_REGION));
        failOnce(GatewayFixture.REGION);

        HealthCheckResponse response = new StsHealthCheck(health).call();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).hasValueSatisfying(data -> {
            assertThat(data).containsEntry("failing", GatewayFixture.REGION);
            assertThat(String.valueOf(data.get(GatewayFixture.REGION))).startsWith("UNAVAILABLE at ");
            assertThat(String.valueOf(data.get(OTHER_REGION))).startsWith("OK at ");
        });
    }

    @Test
    void recoveryIsSeenByTheNextProbeWithoutAnyOtherCall() {
        failOnce(GatewayFixture.REGION);
        sts.fake.failAll("GetCallerIdentity", Scripted.serviceUnavailable());
        clock.advance(interval);

        assertThat(probe.probeFailingRegions()).as("still down: the probe fails too").isEqualTo(1);
        assertThat(new StsHealthCheck(health).call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        sts.fake.recover("GetCallerIdentity");
        clock.advance(interval);
        assertThat(probe.probeFailingRegions()).isEqualTo(1);

        assertThat(new StsHealthCheck(health).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(sts.fake.calls("AssumeRole")).as("the probe never assumes a customer role").hasSize(sts.config.maxAttempts());
    }

    @Test
    void aFailureRealCallsJustSawIsLeftToThem() {
        failOnce(GatewayFixture.REGION);

        assertThat(probe.probeFailingRegions()).isZero();
        assertThat(sts.fake.calls("GetCallerIdentity")).isEmpty();
    }

    @Test
    void probeVisitsEveryFailingRegionAndNoOther() {
        gateway.assumeRole(command(HEALTHY_REGION));
        failOnce(GatewayFixture.REGION);
        failOnce(OTHER_REGION);
        clock.advance(interval);

        assertThat(probe.probeFailingRegions()).isEqualTo(2);

        assertThat(sts.fake.calls("GetCallerIdentity")).extracting(FakeSts.Call::region)
                .containsExactlyInAnyOrder(GatewayFixture.REGION, OTHER_REGION);
        assertThat(health.latestByRegion().values()).noneMatch(StsHealth.Observation::isFailure);
    }

    @Test
    void customerFailuresSayNothingAboutStsHealth() {
        AssumeRoleCommand command = command(GatewayFixture.REGION);
        sts.fake.deleteRole(command.roleArn());

        catchThrowable(() -> gateway.assumeRole(command));

        assertThat(health.latestByRegion()).isEmpty();
        assertThat(new StsHealthCheck(health).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void aRegionThatKeepsFailingIsProbedOnEveryTick() {
        failOnce(GatewayFixture.REGION);
        sts.fake.failAll("GetCallerIdentity", Scripted.nginxBadGateway());

        for (int tick = 1; tick <= 3; tick++) {
            clock.advance(interval);
            assertThat(probe.probeFailingRegions()).as("tick %d", tick).isEqualTo(1);
        }
    }

    /** One AssumeRole in {@code region} while STS answers 503 there. */
    private void failOnce(String region) {
        AssumeRoleCommand command = command(region);
        sts.fake.failAll("AssumeRole", Scripted.serviceUnavailable());
        try {
            assertThat(catchThrowable(() -> gateway.assumeRole(command))).isInstanceOf(StsCallException.class);
        } finally {
            sts.fake.recover("AssumeRole");
        }
    }

    private static AssumeRoleCommand command(String region) {
        AssumeRoleCommand inDefaultRegion = sts.customerRole(EXTERNAL_ID);
        return new AssumeRoleCommand(inDefaultRegion.roleArn(), EXTERNAL_ID, inDefaultRegion.roleSessionName(), 900, region, Optional.empty());
    }
}
