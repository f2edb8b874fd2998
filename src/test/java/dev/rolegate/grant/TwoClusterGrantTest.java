package dev.rolegate.grant;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.worker.ClusterTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two trusted clusters with a namespace and service account of the same name in each: a grant for the home cluster's
 * service account does not admit the other cluster's, which is named cluster:&lt;name&gt;:... to grants and the audit.
 */
@QuarkusTest
@TestProfile(TwoClusterGrantTest.TwoClusters.class)
class TwoClusterGrantTest {

    /** The test profile's cluster "test" is home; "edge" publishes the same keys under another issuer. */
    public static class TwoClusters implements QuarkusTestProfile {
        static final String EDGE_ISSUER = "https://edge.example.test";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rolegate.workers.kubernetes.clusters.\"edge\".issuer", EDGE_ISSUER,
                    "rolegate.workers.kubernetes.clusters.\"edge\".jwks-file", "src/test/resources/test-keys/k8s-cluster-test-jwks.json",
                    "rolegate.workers.kubernetes.home-cluster", "test");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    private final FakeSts sts = FakeStsResource.fake();
    private String project;
    private UUID account;
    private String namespace;
    private String subject;

    @BeforeEach
    void accountGrantedToTheHomeClustersServiceAccount() {
        MutableClock.shared().reset();
        sts.reset();
        project = newProject();
        account = Accounts.connected(sts, project, randomRoleArn(), 3600, 43200);
        namespace = "team-" + UUID.randomUUID().toString().substring(0, 8);
        subject = "system:serviceaccount:" + namespace + ":deployer";
        grant(subject);
    }

    @Test
    void homeClustersServiceAccountIsAdmittedByItsPlainGrant() {
        credentials(ClusterTokens.serviceAccount(namespace, "deployer")).then().statusCode(200);

        assertThat(lastActor()).isEqualTo(subject);
    }

    @Test
    void sameNamedServiceAccountOfTheOtherClusterIsRefusedUntilGrantedByItsQualifiedName() {
        String edgeToken = ClusterTokens.withIssuer(subject, TwoClusters.EDGE_ISSUER);

        credentials(edgeToken).then().statusCode(403);

        grant("cluster:edge:" + subject);
        credentials(edgeToken).then().statusCode(200);
        assertThat(lastActor()).isEqualTo("cluster:edge:" + subject);
    }

    @Test
    void grantForAServiceAccountOfAnUnnamedClusterShapeIsRefused() {
        asPortal().contentType(ContentType.JSON).body(Map.of("identityKind", "SERVICE_ACCOUNT", "identity", "cluster:Edge:" + subject))
                .post("/v1/projects/{p}/grants", project).then().statusCode(400);
    }

    private Response credentials(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("projectId", project, "account", account.toString())).post("/v1/credentials");
    }

    private void grant(String identity) {
        asPortal().contentType(ContentType.JSON)
                .body(Map.of("identityKind", "SERVICE_ACCOUNT", "identity", identity, "accountIds", List.of(account.toString())))
                .post("/v1/projects/{p}/grants", project).then().statusCode(201);
    }

    private String lastActor() {
        return Sql.queryString(dataSource, "select actor from audit_event where account_id = ? and action = 'CREDENTIALS_ISSUED' "
                + "order by occurred_at desc limit 1", account);
    }
}
