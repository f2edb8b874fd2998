package dev.rolegate.aws;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeSts.Scripted;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /q/health/group/sts} in the running application: DOWN while STS fails, UP again once the probe sees it answer. */
@QuarkusTest
class StsHealthEndpointTest {

    private static final String REGION = "eu-central-1";

    @Inject
    StsGateway gateway;
    @Inject
    StsHealthProbe probe;
    @Inject
    StsConfig config;

    private final FakeSts sts = FakeStsResource.fake();
    private final MutableClock clock = MutableClock.shared();

    @BeforeEach
    void fresh() {
        clock.reset();
        sts.reset();
    }

    @AfterEach
    void cleanUp() {
        sts.reset();
        clock.reset();
    }

    @Test
    void interactiveBudgetAndProbeIntervalHaveTheirDocumentedDefaults() {
        assertThat(config.interactiveCallTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.healthProbeInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void stsGroupIsDownWhileStsFailsAndUpAfterTheProbeSeesItRecover() {
        sts.failAll("GetCallerIdentity", Scripted.elbServiceUnavailable());
        assertThat(catchThrowable(() -> gateway.probe(REGION))).isInstanceOf(StsCallException.class);

        asPortal().get("/q/health/group/sts").then().statusCode(503)
                .body("checks[0].status", equalTo("DOWN"))
                .body("checks[0].data.failing", containsString(REGION));
        asPortal().get("/q/health/ready").then().statusCode(200);

        sts.recover("GetCallerIdentity");
        clock.advance(config.healthProbeInterval());
        assertThat(probe.probeFailingRegions()).isPositive();

        asPortal().get("/q/health/group/sts").then().statusCode(200).body("checks[0].status", equalTo("UP"));
        assertThat(sts.calls("GetCallerIdentity")).extracting(FakeSts.Call::region).contains(REGION);
    }
}
