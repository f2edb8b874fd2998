package dev.rolegate.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.rolegate.testsupport.FakeKubeApiServer;
import dev.rolegate.testsupport.FakeKubeApiServerResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test suite's TokenReview cluster ({@link FakeKubeApiServerResource}, verification=token-review) behind the broker's
 * routes: an unreachable TokenReview is a 503 with Retry-After, DOWN in the kubernetes health group while readiness
 * stays UP, and counted in the Prometheus metric; a deleted pod's token is a 401.
 */
@QuarkusTest
class KubernetesTrustEndpointTest {

    private static final FakeKubeApiServer API = FakeKubeApiServerResource.api();
    private static final SigningCluster CLUSTER = SigningCluster.generate(FakeKubeApiServerResource.ISSUER);

    @BeforeEach
    void freshApiServer() {
        API.reset();
    }

    @Test
    void unreachableTokenReviewIsA503WithRetryAfterAndHealthDownButReadinessUp() {
        String token = CLUSTER.token("deploy", "runner");
        API.failReviews(503);

        given().header("Authorization", token).get("/v1/container-credentials/{p}/{a}", "acme", "production")
                .then().statusCode(503).header("Retry-After", notNullValue())
                .body("code", equalTo("ServiceUnavailable")).body("message", containsString("TokenReview"))
                .body(not(containsString(token)));
        given().get("/q/health/group/kubernetes").then().statusCode(503)
                .body("status", equalTo("DOWN")).body("checks[0].data.failing", equalTo("review"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("rolegate_kubernetes_verification_failures_total{cluster=\"review\",reason=\"server_error\"}"));
    }

    @Test
    void deletedPodsTokenIsA401AndHealthRecovers() {
        String token = CLUSTER.token("deploy", "runner");
        API.reviewRefusesDeletedPod(token, FakeKubeApiServerResource.BEARER);

        given().header("Authorization", "Bearer " + token).get("/v1/credential-process/{p}/{a}", "acme", "production")
                .then().statusCode(401).body(not(containsString(token)));
        given().get("/q/health/group/kubernetes").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void unreachableTokenReviewIsA503ProblemOnTheOtherCredentialRoutesToo() {
        String token = CLUSTER.token("deploy", "runner");
        API.failReviews(503);

        given().header("Authorization", token).get("/v1/credential-process/{p}/{a}", "acme", "production")
                .then().statusCode(503).header("Retry-After", notNullValue()).contentType("application/problem+json")
                .body("detail", containsString("TokenReview")).body(not(containsString(token)));
        given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body("{\"projectId\":\"acme\",\"account\":\"production\"}").post("/v1/credentials")
                .then().statusCode(503).header("Retry-After", notNullValue()).contentType("application/problem+json")
                .body(not(containsString(token)));
    }
}
