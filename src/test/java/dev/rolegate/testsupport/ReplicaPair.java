package dev.rolegate.testsupport;

import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * Two packaged replicas (production profile) on one embedded PostgreSQL and one fake STS, seeded through replica A's
 * portal API: a project and one CONNECTED account. Worker tokens are created and revoked through A; issuance is asked
 * of either replica.
 */
public final class ReplicaPair implements AutoCloseable {

    private static final String ACCOUNT_NAME = "production";
    private static final String ROLE_ARN = "arn:aws:iam::210987654321:role/RolegateAccess-replicas";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final WireMockServer stsServer;
    private final RestartablePostgres database;
    private final PackagedApp a;
    private final PackagedApp b;
    private final String baseA;
    private final String baseB;
    private final String project = "replicas-" + UUID.randomUUID().toString().substring(0, 8);
    private final String portalToken = TestTokens.portal();

    /** A worker token: its id and its secret. */
    public record Worker(String id, String token) {
    }

    private ReplicaPair(WireMockServer stsServer, RestartablePostgres database, PackagedApp a, int portA, PackagedApp b, int portB) {
        this.stsServer = stsServer;
        this.database = database;
        this.a = a;
        this.b = b;
        this.baseA = "http://127.0.0.1:" + portA;
        this.baseB = "http://127.0.0.1:" + portB;
    }

    /** Starts both replicas and seeds them; {@code environment} adds to or overrides the production settings of both. */
    public static ReplicaPair start(Map<String, String> environment) throws Exception {
        FakeSts sts = new FakeSts();
        WireMockServer stsServer = FakeStsResource.serve(sts);
        RestartablePostgres database = null;
        PackagedApp a = null;
        PackagedApp b = null;
        try {
            database = RestartablePostgres.start();
            Map<String, String> env = PackagedBroker.environment(database.port(), stsServer.port());
            env.putAll(environment);
            a = PackagedApp.start(env);
            int portA = a.awaitPort(90); // the first replica migrates the schema
            b = PackagedApp.start(env);
            ReplicaPair pair = new ReplicaPair(stsServer, database, a, portA, b, b.awaitPort(90));
            pair.seed(sts);
            return pair;
        } catch (Exception | Error e) {
            closeQuietly(a, b, database, stsServer);
            throw e;
        }
    }

    /** A new worker token granted the project's accounts, through replica A. */
    public Worker newWorker() {
        JsonPath token = portal(baseA).body(Map.of("name", "worker-" + UUID.randomUUID().toString().substring(0, 8)))
                .post("/v1/projects/{p}/worker-tokens", project).then().statusCode(201).extract().jsonPath();
        Worker worker = new Worker(token.getString("workerToken.id"), token.getString("token"));
        portal(baseA).body(Map.of("identityKind", "WORKER_TOKEN", "identity", worker.id()))
                .post("/v1/projects/{p}/grants", project).then().statusCode(201);
        return worker;
    }

    /** Revokes the token through replica A; returns when A answered 2xx. */
    public void revokeOnA(Worker worker) {
        portal(baseA).delete("/v1/projects/{p}/worker-tokens/{t}", project, worker.id()).then().statusCode(204);
    }

    /** The status of a credential-process issuance for the worker on replica B. */
    public int issueOnB(Worker worker) {
        return issue(baseB, worker);
    }

    /** The credential-process request for the worker on replica A, for a {@link LoadDriver}. */
    public LoadDriver.Target issuanceOnA(String name, Worker worker) {
        return new LoadDriver.Target(name, id -> issuance(baseA, worker));
    }

    /** The credential-process request for the worker on replica B, for a {@link LoadDriver}. */
    public LoadDriver.Target issuanceOnB(String name, Worker worker) {
        return new LoadDriver.Target(name, id -> issuance(baseB, worker));
    }

    /** The status of replica B's notifications health group. */
    public int notificationsHealthOfB() {
        return given().baseUri(baseB).get("/q/health/group/notifications").statusCode();
    }

    /** Terminates every replica's listening connection; returns how many. */
    public long killListeningConnections() throws SQLException {
        try (Connection c = database.connect(); var select = c.prepareStatement(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = 'rolegate-notifications'");
                var rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public PackagedApp replicaB() {
        return b;
    }

    @Override
    public void close() {
        closeQuietly(a, b, database, stsServer);
    }

    private int issue(String base, Worker worker) {
        try {
            return HTTP.send(issuance(base, worker).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder issuance(String base, Worker worker) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/credential-process/" + project + "/" + ACCOUNT_NAME))
                .header("Authorization", "Bearer " + worker.token());
    }

    private void seed(FakeSts sts) {
        String externalId = "replicas-external-id-" + UUID.randomUUID();
        sts.createRole(ROLE_ARN, externalId, 3600);
        portal(baseA).body(Map.of("displayName", "Replicas")).put("/v1/projects/{p}", project).then().statusCode(201);
        JsonPath account = portal(baseA).body(Map.of("name", ACCOUNT_NAME, "roleArn", ROLE_ARN, "externalId", externalId, "region", "eu-west-1"))
                .post("/v1/projects/{p}/aws-accounts", project).then().statusCode(201).extract().jsonPath();
        if (!"CONNECTED".equals(account.getString("status"))) {
            throw new AssertionError("the seeded account did not connect: " + account.prettify());
        }
    }

    private RequestSpecification portal(String base) {
        return given().baseUri(base).auth().oauth2(portalToken).contentType(ContentType.JSON);
    }

    private static void closeQuietly(PackagedApp a, PackagedApp b, RestartablePostgres database, WireMockServer stsServer) {
        try {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
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
