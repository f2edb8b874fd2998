package dev.rolegate.testsupport;

import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The packaged application (production profile) against a {@link RestartablePostgres} and a fake STS,
 * seeded through its public API only, so it does not depend on the schema: a project, one CONNECTED
 * account (legacy registration of a role the fake STS knows), a worker token and a grant. It builds
 * the requests of the three credential formats and of two portal reads for a {@link LoadDriver}.
 */
public final class PackagedBroker implements AutoCloseable {

    public static final String JSON = "POST /v1/credentials";
    public static final String PROCESS = "GET /v1/credential-process";
    public static final String CONTAINER = "GET /v1/container-credentials";
    public static final String ACCOUNTS = "GET /v1/projects/{p}/aws-accounts";
    public static final String AUDIT = "GET /v1/audit";

    private static final String ACCOUNT_NAME = "production";
    private static final String ROLE_ARN = "arn:aws:iam::210987654321:role/RolegateAccess-outage";

    private final FakeSts sts;
    private final WireMockServer stsServer;
    private final RestartablePostgres database;
    private final PackagedApp app;
    private final String base;
    private final String project = "outage-" + UUID.randomUUID().toString().substring(0, 8);
    private final String portalToken = TestTokens.portal();
    private String accountId;
    private String workerToken;

    private PackagedBroker(FakeSts sts, WireMockServer stsServer, RestartablePostgres database, PackagedApp app, int port) {
        this.sts = sts;
        this.stsServer = stsServer;
        this.database = database;
        this.app = app;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts everything and seeds it; {@code environment} adds to or overrides the production settings. */
    public static PackagedBroker start(Map<String, String> environment) throws Exception {
        FakeSts sts = new FakeSts();
        WireMockServer stsServer = FakeStsResource.serve(sts);
        RestartablePostgres database = null;
        PackagedApp app = null;
        try {
            database = RestartablePostgres.start();
            Map<String, String> env = environment(database.port(), stsServer.port());
            env.putAll(environment);
            app = PackagedApp.start(env);
            PackagedBroker broker = new PackagedBroker(sts, stsServer, database, app, app.awaitPort(90));
            broker.seed(sts);
            return broker;
        } catch (Exception | Error e) {
            closeQuietly(app, database, stsServer);
            throw e;
        }
    }

    /** The production settings against the database and the fake STS on these ports, with a new encryption key. */
    public static Map<String, String> environment(int jdbcPort, int stsPort) {
        Map<String, String> env = PackagedApp.productionEnvironment(jdbcPort);
        env.put("ROLEGATE_CRYPTO_KEYS_K1", PackagedApp.randomEncryptionKey());
        env.put("ROLEGATE_STS_ENDPOINT_OVERRIDE", "http://127.0.0.1:" + stsPort);
        env.put("AWS_ACCESS_KEY_ID", FakeSts.BROKER_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", FakeSts.BROKER_SECRET_KEY);
        return env;
    }

    public RestartablePostgres database() {
        return database;
    }

    public PackagedApp app() {
        return app;
    }

    /** The fake STS behind the application, for scripting its answers after seeding. */
    public FakeSts sts() {
        return sts;
    }

    /** A manual verify of the seeded account, as the portal sends it. */
    public LoadDriver.Target verifyTarget() {
        return new LoadDriver.Target("POST /v1/projects/{p}/aws-accounts/{a}/verify", id -> request("/v1/projects/" + project + "/aws-accounts/"
                + accountId + "/verify").header("Authorization", "Bearer " + portalToken).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The three credential formats, each for the seeded account. */
    public List<LoadDriver.Target> credentialTargets() {
        String body = "{\"projectId\":\"" + project + "\",\"account\":\"" + ACCOUNT_NAME + "\"}";
        return List.of(
                new LoadDriver.Target(JSON, id -> request("/v1/credentials").header("Authorization", "Bearer " + workerToken)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))),
                new LoadDriver.Target(PROCESS, id -> request("/v1/credential-process/" + project + "/" + ACCOUNT_NAME)
                        .header("Authorization", "Bearer " + workerToken)),
                // As the AWS SDKs send it: the token alone, by account id.
                new LoadDriver.Target(CONTAINER, id -> request("/v1/container-credentials/" + project + "/" + accountId)
                        .header("Authorization", workerToken)));
    }

    /** Two portal reads: one needs aws_account, the other audit_event. */
    public List<LoadDriver.Target> portalTargets() {
        return List.of(
                new LoadDriver.Target(ACCOUNTS, id -> request("/v1/projects/" + project + "/aws-accounts").header("Authorization", "Bearer " + portalToken)),
                new LoadDriver.Target(AUDIT, id -> request("/v1/audit?limit=1").header("Authorization", "Bearer " + portalToken)));
    }

    /** The request ids of every credential issuance audited for the seeded project, read from audit_event. */
    public Set<String> auditedRequestIds() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = database.connect(); PreparedStatement select = c.prepareStatement(
                "select request_id from audit_event where action = 'CREDENTIALS_ISSUED' and project_id = ?")) {
            select.setString(1, project);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    @Override
    public void close() {
        closeQuietly(app, database, stsServer);
    }

    private void seed(FakeSts sts) {
        String externalId = "outage-external-id-" + UUID.randomUUID();
        sts.createRole(ROLE_ARN, externalId, 3600);
        portal().body(Map.of("displayName", "Database outage")).put("/v1/projects/{p}", project).then().statusCode(201);
        JsonPath account = portal().body(Map.of("name", ACCOUNT_NAME, "roleArn", ROLE_ARN, "externalId", externalId, "region", "eu-west-1"))
                .post("/v1/projects/{p}/aws-accounts", project).then().statusCode(201).extract().jsonPath();
        if (!"CONNECTED".equals(account.getString("status"))) {
            throw new AssertionError("the seeded account did not connect: " + account.prettify());
        }
        accountId = account.getString("id");
        JsonPath token = portal().body(Map.of("name", "outage-worker")).post("/v1/projects/{p}/worker-tokens", project)
                .then().statusCode(201).extract().jsonPath();
        workerToken = token.getString("token");
        portal().body(Map.of("identityKind", "WORKER_TOKEN", "identity", token.getString("workerToken.id")))
                .post("/v1/projects/{p}/grants", project).then().statusCode(201);
    }

    private RequestSpecification portal() {
        return given().baseUri(base).auth().oauth2(portalToken).contentType(ContentType.JSON);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    private static void closeQuietly(PackagedApp app, RestartablePostgres database, WireMockServer stsServer) {
        try {
            if (app != null) {
                app.close();
            }
            if (database != null) {
                database.close();
            }
        } catch (Exception e) {
            System.err.println("cleanup failed: " + e);
        } finally {
            stsServer.stop();
        }
    }
}
