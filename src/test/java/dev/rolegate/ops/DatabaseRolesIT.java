package dev.rolegate.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.PackagedApp;
import dev.rolegate.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Migrations as a Kubernetes Job, the application under a DML-only role: with the grants the README states, the
 * packaged application run with {@code QUARKUS_INIT_AND_EXIT=true} as the migration role creates the schema and
 * exits 0; then, as the application role and with {@code QUARKUS_FLYWAY_MIGRATE_AT_START=false}, it serves portal
 * writes and credential issuances, while that role can change no table definition.
 */
class DatabaseRolesIT {

    private static final String MIGRATOR = "rolegate_migrator";
    private static final String APP = "rolegate_app";
    private static final String PASSWORD = "test-only-password";
    private static final String ROLE_ARN = "arn:aws:iam::210987654321:role/RolegateAccess-roles";
    /** The README's "Database roles" statements, in order, as the administrator runs them (here the superuser). */
    static final List<String> ADMINISTRATOR = List.of(
            "CREATE ROLE rolegate_migrator LOGIN PASSWORD '" + PASSWORD + "'",
            "CREATE ROLE rolegate_app LOGIN PASSWORD '" + PASSWORD + "'",
            "CREATE DATABASE rolegate OWNER rolegate_migrator");
    /** Then, connected to the rolegate database. */
    static final List<String> IN_DATABASE = List.of(
            "REVOKE ALL ON DATABASE rolegate FROM PUBLIC",
            "GRANT CONNECT ON DATABASE rolegate TO rolegate_app",
            "ALTER SCHEMA public OWNER TO rolegate_migrator",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            "GRANT USAGE ON SCHEMA public TO rolegate_app",
            "ALTER DEFAULT PRIVILEGES FOR ROLE rolegate_migrator IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO rolegate_app",
            "ALTER DEFAULT PRIVILEGES FOR ROLE rolegate_migrator IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO rolegate_app");

    private static EmbeddedPostgres postgres;
    private static FakeSts sts;
    private static WireMockServer stsServer;

    @BeforeAll
    static void startDatabaseAndSts() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        run(postgres.getPostgresDatabase().getConnection(), ADMINISTRATOR);
        run(postgres.getDatabase("postgres", "rolegate").getConnection(), IN_DATABASE);
        sts = new FakeSts();
        stsServer = FakeStsResource.serve(sts);
    }

    @AfterAll
    static void stop() throws Exception {
        stsServer.stop();
        postgres.close();
    }

    @Test
    void migrationJobThenApplicationUnderADmlOnlyRole() throws Exception {
        String encryptionKey = PackagedApp.randomEncryptionKey();
        try (PackagedApp job = PackagedApp.start(environment(MIGRATOR, encryptionKey, Map.of("QUARKUS_INIT_AND_EXIT", "true")))) {
            assertThat(job.awaitExit(120)).as("the migration Job's exit code%n%s", job.output()).isZero();
        }
        assertThat(count(MIGRATOR, "select count(*) from flyway_schema_history where success")).as("migrations applied").isGreaterThanOrEqualTo(6);

        try (PackagedApp app = PackagedApp.start(environment(APP, encryptionKey, Map.of("QUARKUS_FLYWAY_MIGRATE_AT_START", "false")))) {
            String base = "http://127.0.0.1:" + app.awaitPort(90);
            String project = "roles-" + UUID.randomUUID().toString().substring(0, 8);
            String workerToken = seed(base, project);

            given().baseUri(base).header("Authorization", "Bearer " + workerToken).get("/v1/credential-process/{p}/production", project)
                    .then().statusCode(200);
        }
        assertThat(count(APP, "select count(*) from audit_event where action = 'CREDENTIALS_ISSUED'")).as("issuances audited").isEqualTo(1);

        try (Connection app = connect(APP); Statement statement = app.createStatement()) {
            for (String ddl : List.of("CREATE TABLE intruder (id int)", "ALTER TABLE audit_event ADD COLUMN intruder int", "DROP TABLE audit_event",
                    "TRUNCATE audit_event", "CREATE INDEX intruder ON audit_event (request_id)")) {
                assertThatThrownBy(() -> statement.execute(ddl)).as(ddl).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).as("%s: %s", ddl, e.getMessage()).isEqualTo("42501"));
            }
        }
    }

    /** A project, a CONNECTED account, a worker token and its grant, through the portal API (each write as the app role). */
    private static String seed(String base, String project) {
        String externalId = "roles-external-id-" + UUID.randomUUID();
        sts.createRole(ROLE_ARN, externalId, 3600);
        portal(base).body(Map.of("displayName", "Database roles")).put("/v1/projects/{p}", project).then().statusCode(201);
        JsonPath account = portal(base).body(Map.of("name", "production", "roleArn", ROLE_ARN, "externalId", externalId, "region", "eu-west-1"))
                .post("/v1/projects/{p}/aws-accounts", project).then().statusCode(201).extract().jsonPath();
        assertThat(account.getString("status")).isEqualTo("CONNECTED");
        JsonPath token = portal(base).body(Map.of("name", "roles-worker")).post("/v1/projects/{p}/worker-tokens", project)
                .then().statusCode(201).extract().jsonPath();
        portal(base).body(Map.of("identityKind", "WORKER_TOKEN", "identity", token.getString("workerToken.id")))
                .post("/v1/projects/{p}/grants", project).then().statusCode(201);
        return token.getString("token");
    }

    private static RequestSpecification portal(String base) {
        return given().baseUri(base).auth().oauth2(TestTokens.portal()).contentType(ContentType.JSON);
    }

    private static Map<String, String> environment(String role, String encryptionKey, Map<String, String> extra) {
        Map<String, String> env = PackagedApp.productionEnvironment(postgres.getPort());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", role);
        env.put("QUARKUS_DATASOURCE_PASSWORD", PASSWORD);
        env.put("ROLEGATE_CRYPTO_KEYS_K1", encryptionKey);
        env.put("ROLEGATE_STS_ENDPOINT_OVERRIDE", "http://127.0.0.1:" + stsServer.port());
        env.put("AWS_ACCESS_KEY_ID", FakeSts.BROKER_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", FakeSts.BROKER_SECRET_KEY);
        env.putAll(extra);
        return env;
    }

    private static String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/rolegate";
    }

    private static Connection connect(String role) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), role, PASSWORD);
    }

    private static long count(String role, String sql) throws SQLException {
        try (Connection c = connect(role); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void run(Connection connection, List<String> statements) throws SQLException {
        try (connection; Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
