package dev.rolegate.audit;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.rolegate.testsupport.SecretLedger;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.testsupport.Workers;
import dev.rolegate.worker.CreatedWorkerToken;
import dev.rolegate.worker.WorkerTokenRequests;
import dev.rolegate.worker.WorkerTokenService;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Portal changes write their audit row in their own transaction: both commit, or neither. The failing insert comes
 * from a trigger installed by the test for its own project only, as a database refusing the row would.
 */
@QuarkusTest
class WriteAheadAuditTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    WorkerTokenService tokens;
    @Inject
    EntityManager entities;
    @Inject
    MeterRegistry meters;

    @Test
    void committedChangeHasExactlyOneAuditRowNamingThePortalAndTheRequestId() {
        String project = newProject();
        String requestId = "wa-" + UUID.randomUUID();

        JsonPath created = asPortal().header("X-Request-Id", requestId).contentType(ContentType.JSON).body(Map.of("name", "committed"))
                .post("/v1/projects/{p}/worker-tokens", project).then().statusCode(201).extract().jsonPath();
        SecretLedger.remember(created.getString("token"));
        String tokenId = created.getString("workerToken.id");

        assertThat(Sql.queryLong(dataSource, "select count(*) from audit_event where project_id = ?", project)).isEqualTo(1);
        assertThat(Sql.queryString(dataSource, "select actor || ' ' || action || ' ' || request_id || ' ' || detail from audit_event where project_id = ?", project))
                .isEqualTo("portal:portal-backend WORKER_TOKEN_CREATED " + requestId + " token " + tokenId);
    }

    @Test
    void changeRolledBackAfterItsAuditRowLeavesNeitherTheChangeNorTheRow() {
        String project = newProject();

        QuarkusTransaction.begin();
        try {
            remember(tokens.create(project, new WorkerTokenRequests.Create("rolled-back", null)));
            assertThat(auditRowsSeenByTheTransaction(project)).as("the row was inserted in the change's transaction").isEqualTo(1);
        } finally {
            QuarkusTransaction.rollback();
        }

        assertThat(Sql.queryLong(dataSource, "select count(*) from worker_token where project_id = ?", project)).as("no change").isZero();
        assertThat(Sql.queryLong(dataSource, "select count(*) from audit_event where project_id = ?", project)).as("no audit row").isZero();
    }

    @Test
    void auditInsertRefusedByTheDatabaseRollsTheChangeBackAndAnswers503() {
        String project = newProject();
        Workers.Token token = Workers.newToken(project);
        double refusedBefore = writeFailures();

        try (AuditRefusal refusal = new AuditRefusal(project)) {
            asPortal().contentType(ContentType.JSON).body(Map.of("name", "never-stored"))
                    .post("/v1/projects/{p}/worker-tokens", project).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", notNullValue()).body("detail", equalTo(AuditMappers.DETAIL));
            asPortal().delete("/v1/projects/{p}/worker-tokens/{t}", project, token.id()).then().statusCode(503);
            asPortal().contentType(ContentType.JSON).body(Map.of("name", "never-stored", "region", "eu-west-1"))
                    .post("/v1/projects/{p}/aws-accounts/setup", project).then().statusCode(503);
        }

        asPortal().get("/v1/projects/{p}/worker-tokens", project).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].id", equalTo(token.id())).body("[0].revokedAt", nullValue());
        asPortal().get("/v1/projects/{p}/aws-accounts", project).then().statusCode(200).body("items.size()", equalTo(0));
        assertThat(Sql.queryLong(dataSource, "select count(*) from audit_event where project_id = ?", project))
                .as("only the first token's row").isEqualTo(1);
        assertThat(writeFailures() - refusedBefore).isEqualTo(3.0);
    }

    @Test
    void changeMadeOutsideAnHttpRequestIsAuditedAsTheSystem() throws Exception {
        String project = newProject();

        CompletableFuture<CreatedWorkerToken> created = CompletableFuture.supplyAsync(
                () -> tokens.create(project, new WorkerTokenRequests.Create("from-a-job", null)), CompletableFuture.delayedExecutor(0, TimeUnit.SECONDS));
        remember(created.get(30, TimeUnit.SECONDS));

        assertThat(Sql.queryString(dataSource, "select actor || ' ' || coalesce(request_id, '-') from audit_event where project_id = ?", project))
                .isEqualTo(AdminAudit.NO_REQUEST + " -");
    }

    private long auditRowsSeenByTheTransaction(String project) {
        return ((Number) entities.createNativeQuery("select count(*) from audit_event where project_id = ?1").setParameter(1, project)
                .getSingleResult()).longValue();
    }

    private double writeFailures() {
        var counter = meters.find("rolegate.audit.rejections").tag("reason", "write_failed").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void remember(CreatedWorkerToken created) {
        SecretLedger.remember(created.token());
    }

    /** A trigger that makes the database refuse every audit row of one project, as a full disk or a bad row would. */
    private final class AuditRefusal implements AutoCloseable {

        private final String trigger = "wa_refuse_" + UUID.randomUUID().toString().replace("-", "");

        AuditRefusal(String project) {
            Sql.execute(dataSource, "create function " + trigger + "() returns trigger language plpgsql as $$ begin "
                    + "raise exception 'audit refused by test'; end $$");
            Sql.execute(dataSource, "create trigger " + trigger + " before insert on audit_event for each row when (new.project_id = '"
                    + project + "') execute function " + trigger + "()");
        }

        @Override
        public void close() {
            Sql.execute(dataSource, "drop trigger " + trigger + " on audit_event");
            Sql.execute(dataSource, "drop function " + trigger + "()");
        }
    }
}
