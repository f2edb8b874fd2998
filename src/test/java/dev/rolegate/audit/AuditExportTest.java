package dev.rolegate.audit;

import static dev.rolegate.audit.AuditTables.uniqueActor;
import static dev.rolegate.testsupport.PortalApi.asPortal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /v1/audit/export: NDJSON, oldest first, in chunks, resumable by cursor, ending a settle lag before now. */
@QuarkusTest
class AuditExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MANY = 50_000;

    @Inject
    AuditLog audit;
    @Inject
    AuditExportConfig config;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry meters;
    @TestHTTPResource("/v1/audit/export")
    URI exportUri;

    private String actor;
    /** A recent second, well before now minus the settle lag, so the export's end never cuts the test's entries. */
    private Instant base;

    @BeforeEach
    void freshActorAndTime() {
        MutableClock.shared().reset();
        actor = uniqueActor();
        base = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS).minusSeconds(ThreadLocalRandom.current().nextLong(3600));
    }

    @AfterEach
    void removeBulkRowsAndResetClock() {
        MutableClock.shared().reset();
        // The bulk rows would slow every later unfiltered listing and export of the shared test database.
        Sql.execute(dataSource, "delete from audit_event where actor = ?", actor);
    }

    @Test
    void streamsMatchingEntriesOldestFirstOnePerLineWithTheirCursors() {
        record(base.plusSeconds(2), actor, "third");
        record(base, actor, "first");
        record(base.plusSeconds(1), actor, "second");
        record(base.plusSeconds(1), uniqueActor(), "someone-else");

        Response response = asPortal().queryParam("actor", actor).get("/v1/audit/export");

        response.then().statusCode(200).contentType("application/x-ndjson");
        String body = response.asString();
        assertThat(body).endsWith("\n");
        List<JsonNode> lines = lines(body);
        assertThat(lines).extracting(line -> line.get("requestId").asText()).containsExactly("first", "second", "third");
        assertThat(lines.get(0).get("occurredAt").asText()).isEqualTo(base.toString());
        assertThat(lines.get(0).get("actor").asText()).isEqualTo(actor);
        assertThat(lines).allSatisfy(line -> assertThat(line.get("cursor").asText()).hasSize(23));
    }

    @Test
    void resumesAfterTheCursorOfTheLastLineReceived() {
        for (int i = 0; i < 5; i++) {
            record(base.plusSeconds(i / 2), actor, "e" + i);
        }
        List<JsonNode> all = lines(asPortal().queryParam("actor", actor).get("/v1/audit/export").then().statusCode(200).extract().asString());

        String resumed = asPortal().queryParam("actor", actor).queryParam("after", all.get(2).get("cursor").asText())
                .get("/v1/audit/export").then().statusCode(200).extract().asString();

        assertThat(lines(resumed)).extracting(line -> line.get("requestId").asText()).containsExactly("e3", "e4");
    }

    @Test
    void endsASettleLagBeforeNowAndAResumedExportPicksUpWhatCameAfter() {
        for (int i = 0; i < 5; i++) {
            record(base.plusSeconds(i), actor, "e" + i);
        }
        Instant end = base.plusMillis(2500);
        MutableClock.shared().setTo(end.plus(config.settleLag()));

        Response early = asPortal().queryParam("actor", actor).get("/v1/audit/export");

        List<JsonNode> first = lines(early.then().statusCode(200).extract().asString());
        assertThat(first).extracting(line -> line.get("requestId").asText()).containsExactly("e0", "e1", "e2");
        Instant until = Instant.parse(early.header(AuditResource.EXPORT_UNTIL));
        assertThat(until).isCloseTo(end, org.assertj.core.api.Assertions.within(1, ChronoUnit.SECONDS)).isBefore(base.plusSeconds(3));

        MutableClock.shared().reset();
        String rest = asPortal().queryParam("actor", actor).queryParam("after", first.get(2).get("cursor").asText())
                .get("/v1/audit/export").then().statusCode(200).extract().asString();
        assertThat(lines(rest)).extracting(line -> line.get("requestId").asText()).containsExactly("e3", "e4");
        String fromUntil = asPortal().queryParam("actor", actor).queryParam("from", until.toString())
                .get("/v1/audit/export").then().statusCode(200).extract().asString();
        assertThat(lines(fromUntil)).extracting(line -> line.get("requestId").asText()).containsExactly("e3", "e4");
    }

    @Test
    void exportOfManyEntriesReadsThemAChunkAtATimeInOrder() throws IOException, InterruptedException {
        insertMany(MANY);
        double readsBefore = reads();

        HttpResponse<InputStream> response = open(exportUri + "?actor=" + encoded(actor));

        assertThat(response.statusCode()).isEqualTo(200);
        long count = 0;
        String previous = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String requestId = JSON.readTree(line).get("requestId").asText();
                assertThat(requestId).as("line %d in order", count).isEqualTo("bulk-" + (count + 1));
                previous = requestId;
                count++;
            }
        }
        assertThat(count).isEqualTo(MANY);
        assertThat(previous).isEqualTo("bulk-" + MANY);
        // Each read returns at most a chunk (its SQL limit): 50 full chunks, then one empty read that ends the export.
        assertThat(reads() - readsBefore).isEqualTo(MANY / config.chunkSize() + 1);
    }

    @Test
    void aClientThatDisconnectsStopsTheReads() throws IOException, InterruptedException {
        insertMany(MANY, 900);
        double readsBefore = reads();

        try (Socket socket = new Socket(exportUri.getHost(), exportUri.getPort())) {
            socket.getOutputStream().write(("GET " + exportUri.getRawPath() + "?actor=" + encoded(actor) + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + TestTokens.portal() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] start = socket.getInputStream().readNBytes(4096);
            assertThat(new String(start, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200").contains("bulk-1\"");
            socket.setSoLinger(true, 0); // reset the connection, as a client that crashed or gave up would
        }

        double settled = awaitReadsSettle();
        assertThat(settled - readsBefore).as("reads after the client left").isLessThan(MANY / config.chunkSize() + 1);
    }

    @Test
    void aDatabaseFailureMidStreamEndsWithAnErrorLineAndATruncatedTransfer() throws Exception {
        insertMany(MANY, 900);
        HttpResponse<InputStream> response = open(exportUri + "?actor=" + encoded(actor));
        List<String> received = new ArrayList<>();
        boolean truncated = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            received.add(reader.readLine());
            // While the client does not read, the server waits for it; meanwhile the table is locked, so its next read times out.
            try (Connection lock = dataSource.getConnection()) {
                lock.setAutoCommit(false);
                try (Statement statement = lock.createStatement()) {
                    statement.execute("lock table audit_event in access exclusive mode");
                }
                try {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        received.add(line);
                    }
                } catch (IOException transferFailed) {
                    truncated = true;
                }
                lock.rollback();
            }
        }
        JsonNode last = JSON.readTree(received.get(received.size() - 1));
        assertThat(truncated || last.has("error")).as("the client can tell the export did not complete").isTrue();
        List<String> entries = last.has("error") ? received.subList(0, received.size() - 1) : received;
        assertThat(entries.size()).isLessThan(MANY);
        assertThat(entries).allSatisfy(line -> assertThat(JSON.readTree(line).get("actor").asText()).isEqualTo(actor));
        if (last.has("error")) {
            assertThat(last.path("error").path("status").asInt()).isEqualTo(503);
            assertThat(last.path("error").path("detail").asText()).contains("resume after the last entry's cursor");
        }
    }

    @Test
    void aDatabaseFailureBeforeTheFirstLineIsA503Problem() throws Exception {
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("lock table audit_event in access exclusive mode");
            }
            try {
                asPortal().queryParam("actor", actor).get("/v1/audit/export").then()
                        .statusCode(503).contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.notNullValue());
            } finally {
                lock.rollback();
            }
        }
    }

    @Test
    void aMalformedCursorIsA400BeforeAnyLine() {
        asPortal().queryParam("after", "AQAGKpm6DGAAAAAAAAAAAAA").get("/v1/audit/export").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", contains("after"));
    }

    @Test
    void filtersApplyAsInTheListing() {
        UUID account = UUID.randomUUID();
        audit.record(AuditEntry.builder(base, actor, AuditAction.GRANT_CREATED).account(account).request("127.0.0.1", "granted").build());
        audit.record(AuditEntry.builder(base.plusSeconds(1), actor, AuditAction.CREDENTIALS_ISSUED).account(account).request("127.0.0.1", "issued").build());
        audit.record(AuditEntry.builder(base.plusSeconds(2), actor, AuditAction.CREDENTIALS_ISSUED).account(UUID.randomUUID())
                .request("127.0.0.1", "elsewhere").build());

        String body = asPortal().queryParam("accountId", account.toString()).queryParam("action", "CREDENTIALS_ISSUED")
                .queryParam("from", base.toString()).queryParam("to", base.plusSeconds(3).toString())
                .get("/v1/audit/export").then().statusCode(200).header(AuditResource.EXPORT_UNTIL, equalTo(base.plusSeconds(3).toString()))
                .extract().asString();

        assertThat(lines(body)).extracting(line -> line.get("requestId").asText()).containsExactly("issued");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void insertMany(int rows) {
        insertMany(rows, 0);
    }

    /** Rows a millisecond apart, each with a detail this long: enough to fill every buffer between the export and the client. */
    private void insertMany(int rows, int detailLength) {
        Sql.execute(dataSource, """
                insert into audit_event (occurred_at, actor, action, request_id, detail)
                select ? + g * interval '1 millisecond', ?, 'CREDENTIALS_ISSUED', 'bulk-' || g, nullif(repeat('x', ?), '')
                from generate_series(1, ?) g""",
                OffsetDateTime.ofInstant(base, ZoneOffset.UTC), actor, detailLength, rows);
    }

    private HttpResponse<InputStream> open(String uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + TestTokens.portal()).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private double reads() {
        return meters.get("rolegate.audit.export.reads").counter().count();
    }

    /** The read count once it has not moved for a second: the export loop has ended. */
    private double awaitReadsSettle() throws InterruptedException {
        double last = -1;
        for (int i = 0; i < 60; i++) {
            double now = reads();
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(1000);
        }
        throw new AssertionError("the export kept reading");
    }

    private void record(Instant at, String who, String requestId) {
        audit.record(AuditEntry.builder(at, who, AuditAction.CREDENTIALS_ISSUED).request("127.0.0.1", requestId).build());
    }

    private static List<JsonNode> lines(String body) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
