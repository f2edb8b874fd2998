package dev.rolegate.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * rolegate_sts_calls_total has a series for every operation and outcome from start-up, so an alert on its rate or
 * absence does not fire (or stay silent) just because rolegate restarted and has not called STS yet.
 */
@QuarkusTest
class StsCallCounterTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"AssumeRole, success", "AssumeRole, access_denied", "AssumeRole, throttled", "AssumeRole, error",
            "GetCallerIdentity, success", "GetCallerIdentity, access_denied", "GetCallerIdentity, throttled", "GetCallerIdentity, error"})
    void everyOperationAndOutcomeIsExportedFromStartUp(String operation, String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics.lines().filter(l -> l.startsWith("rolegate_sts_calls_total{"))
                .filter(l -> l.contains("operation=\"" + operation + "\"") && l.contains("outcome=\"" + outcome + "\"")))
                .as("series of rolegate_sts_calls_total for %s %s", operation, outcome).hasSize(1);
    }
}
