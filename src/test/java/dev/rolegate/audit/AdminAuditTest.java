package dev.rolegate.audit;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.connect;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static dev.rolegate.testsupport.PortalApi.setup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.Workers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every portal change to accounts, grants and worker tokens leaves an audit row naming the portal principal. */
@QuarkusTest
class AdminAuditTest {

    @Inject
    AgroalDataSource dataSource;

    private final FakeSts sts = FakeStsResource.fake();

    @Test
    void accountLifecycleGrantsAndTokensAreAuditedInOrderWithThePortalAsActor() {
        String project = newProject();
        JsonPath created = setup(project, "audited", "eu-west-1").statusCode(201).extract().jsonPath();
        String accountId = created.getString("account.id");
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, created.getString("setup.externalId"), 3600);
        connect(project, accountId, roleArn).statusCode(200);
        asPortal().post("/v1/projects/{p}/aws-accounts/{a}/verify", project, accountId).then().statusCode(200);
        asPortal().contentType(ContentType.JSON).body(Map.of("sessionDurationSeconds", 1800))
                .patch("/v1/projects/{p}/aws-accounts/{a}", project, accountId).then().statusCode(200);
        Workers.Token token = Workers.newToken(project);
        Workers.grant(project, token, UUID.fromString(accountId));
        String grantId = asPortal().get("/v1/projects/{p}/grants", project).then().extract().path("[0].id");
        asPortal().delete("/v1/projects/{p}/grants/{g}", project, grantId).then().statusCode(204);
        Workers.revoke(project, token);
        asPortal().delete("/v1/projects/{p}/aws-accounts/{a}", project, accountId).then().statusCode(204);

        assertThat(actions(project)).containsExactly("ACCOUNT_CREATED", "ACCOUNT_CONNECTED", "ACCOUNT_VERIFIED", "ACCOUNT_UPDATED",
                "WORKER_TOKEN_CREATED", "GRANT_CREATED", "GRANT_DELETED", "WORKER_TOKEN_REVOKED", "ACCOUNT_DISCONNECTED");
        assertThat(actors(project)).containsOnly("portal:portal-backend");
        assertThat(auditText(project)).doesNotContain(created.getString("setup.externalId")).doesNotContain(token.secret());
    }

    @Test
    void rejectedChangesLeaveNoAuditRow() {
        String project = newProject();
        asPortal().contentType(ContentType.JSON).body(Map.of("name", "bad", "region", "eu-west-9"))
                .post("/v1/projects/{p}/aws-accounts/setup", project).then().statusCode(400);

        assertThat(actions(project)).isEmpty();
    }

    private List<String> actions(String project) {
        return column("select action from audit_event where project_id = ? order by id", project);
    }

    private List<String> actors(String project) {
        return column("select actor from audit_event where project_id = ? order by id", project);
    }

    private String auditText(String project) {
        return String.join("\n", column("select t::text from audit_event t where project_id = ?", project));
    }

    private List<String> column(String sql, String project) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, project);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
