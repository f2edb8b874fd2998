package dev.rolegate.worker;

import static dev.rolegate.testsupport.Await.awaitUntil;
import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.rolegate.testsupport.Bytes;
import dev.rolegate.testsupport.DatabaseFingerprint;
import dev.rolegate.testsupport.Deadlines;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Worker tokens through the admin API and {@link WorkerAuthenticator}: shown once, stored hashed, refused when revoked or expired. */
@QuarkusTest
class WorkerTokenApiTest {

    private static final String TOKENS = "/v1/projects/{p}/worker-tokens";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WorkerAuthenticator authenticator;

    private final MutableClock clock = MutableClock.shared();
    private String project;

    @BeforeEach
    void freshProject() {
        clock.reset();
        project = newProject();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void createShowsTheTokenOnceAndStoresOnlyItsSha256() throws Exception {
        Response created = create(Map.of("name", "ci"));
        created.then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("token", matchesPattern("rgw_[A-Za-z0-9_-]{43}"))
                .body("workerToken.name", equalTo("ci"))
                .body("workerToken.status", equalTo("ACTIVE"))
                .body("workerToken.projectId", equalTo(project))
                .body("workerToken.expiresAt", nullValue());
        String token = created.path("token");
        UUID id = UUID.fromString(created.path("workerToken.id"));

        byte[] storedHash = queryBytes("select token_hash from worker_token where id = ?", id);
        byte[] wholeRow = queryBytes("select convert_to(t::text, 'UTF8') from worker_token t where id = ?", id);
        assertThat(storedHash).isEqualTo(WorkerTokenFormat.hash(token));
        assertThat(Bytes.indexOf(wholeRow, token.getBytes(StandardCharsets.UTF_8))).as("token in the row").isEqualTo(-1);
        assertThat(Bytes.indexOf(wholeRow, token.substring(4).getBytes(StandardCharsets.UTF_8))).as("token's random part in the row").isEqualTo(-1);

        String listing = asPortal().get(TOKENS, project).then().statusCode(200).body("$", hasSize(1)).extract().asString();
        assertThat(listing).doesNotContain(token).doesNotContain(token.substring(4))
                .doesNotContain(HexFormat.of().formatHex(storedHash)).doesNotContain(Base64.getEncoder().encodeToString(storedHash))
                .doesNotContain("hash");
    }

    @Test
    void createdTokenAuthenticatesAsAWorkerOfItsProject() {
        Response created = create(Map.of("name", "ci"));
        String token = created.path("token");
        UUID id = UUID.fromString(created.path("workerToken.id"));

        WorkerIdentity bearer = authenticator.authenticate("Bearer " + token, Deadlines.soon());
        WorkerIdentity raw = authenticator.authenticate(token, Deadlines.soon());

        assertThat(bearer).isEqualTo(WorkerIdentity.workerToken(id, project)).isEqualTo(raw);
        assertThat(bearer.kind()).isEqualTo(IdentityKind.WORKER_TOKEN);
        assertThat(bearer.identity()).isEqualTo(id.toString());
    }

    @Test
    void revokedTokenIsRefusedAndRevokingAgainChangesNothing() {
        Response created = create(Map.of("name", "ci"));
        String token = created.path("token");
        String id = created.path("workerToken.id");
        authenticator.authenticate(token, Deadlines.soon());

        asPortal().delete(TOKENS + "/{t}", project, id).then().statusCode(204);
        Instant revokedAt = Sql.queryInstant(dataSource, "select revoked_at from worker_token where id = ?", UUID.fromString(id));
        clock.advance(Duration.ofSeconds(5));
        asPortal().delete(TOKENS + "/{t}", project, id).then().statusCode(204);

        assertRefused(() -> authenticator.authenticate(token, Deadlines.soon()), Reason.REVOKED, token);
        assertThat(revokedAt).isNotNull();
        assertThat(Sql.queryInstant(dataSource, "select revoked_at from worker_token where id = ?", UUID.fromString(id))).isEqualTo(revokedAt);
        asPortal().get(TOKENS, project).then().body("[0].status", equalTo("REVOKED")).body("[0].revokedAt", notNullValue());
    }

    @Test
    void revocationByAnotherReplicaIsNoticedWithinTheCacheTtl() {
        String token = create(Map.of("name", "ci")).path("token");
        WorkerIdentity identity = authenticator.authenticate(token, Deadlines.soon());

        Sql.execute(dataSource, "update worker_token set revoked_at = now() where id = ?", identity.tokenId());
        clock.advance(Duration.ofSeconds(31));

        assertRefused(() -> authenticator.authenticate(token, Deadlines.soon()), Reason.REVOKED, token);
    }

    @Test
    void expiredTokenIsRefused() {
        Response created = create(Map.of("name", "short-lived", "expiresInSeconds", 60));
        created.then().statusCode(201).body("workerToken.expiresAt", notNullValue());
        String token = created.path("token");
        assertThat(authenticator.authenticate(token, Deadlines.soon()).projectId()).isEqualTo(project);

        clock.advance(Duration.ofSeconds(61));

        assertRefused(() -> authenticator.authenticate(token, Deadlines.soon()), Reason.EXPIRED, token);
        asPortal().get(TOKENS, project).then().body("[0].status", equalTo("EXPIRED"));
    }

    @Test
    void lastUsedAtIsWrittenAtMostOncePerMinute() {
        Response created = create(Map.of("name", "ci"));
        String token = created.path("token");
        UUID id = UUID.fromString(created.path("workerToken.id"));
        assertThat(lastUsedAt(id)).isNull();

        authenticator.authenticate(token, Deadlines.soon());
        awaitUntil("the first use is recorded in the background", () -> lastUsedAt(id) != null);
        Instant first = lastUsedAt(id);
        clock.advance(Duration.ofSeconds(20));
        authenticator.authenticate(token, Deadlines.soon());
        clock.advance(Duration.ofSeconds(20));
        authenticator.authenticate(token, Deadlines.soon());
        Instant afterThrottledUses = lastUsedAt(id);
        clock.advance(Duration.ofSeconds(21));
        authenticator.authenticate(token, Deadlines.soon());
        awaitUntil("the use a minute later is recorded", () -> lastUsedAt(id).isAfter(first));
        Instant afterAMinute = lastUsedAt(id);

        assertThat(afterThrottledUses).isEqualTo(first);
        assertThat(afterAMinute).isAfterOrEqualTo(first.plusSeconds(60));
        asPortal().get(TOKENS, project).then().body("[0].lastUsedAt", notNullValue());
    }

    @Test
    void aUseDueWhileTheTokenIsServedFromMemoryIsRecordedInTheBackground() {
        Response created = create(Map.of("name", "ci"));
        String token = created.path("token");
        UUID id = UUID.fromString(created.path("workerToken.id"));
        authenticator.authenticate(token, Deadlines.soon());
        awaitUntil("the first use is recorded", () -> lastUsedAt(id) != null);
        Instant first = lastUsedAt(id);

        // Three steps past the refresh point: background reloads keep the token in memory past the last-use interval.
        for (int step = 0; step < 3; step++) {
            clock.advance(Duration.ofSeconds(23));
            awaitUntil("the token is served from memory", () -> authenticator.authenticateFromMemory(token) != null);
        }

        awaitUntil("the use is recorded", () -> lastUsedAt(id).isAfter(first));
        assertThat(lastUsedAt(id)).isAfterOrEqualTo(first.plusSeconds(60));
    }

    @Test
    void unknownAndMalformedWorkerTokensAreRefused() {
        String unknown = WorkerTokenFormat.generate();

        assertRefused(() -> authenticator.authenticate(unknown, Deadlines.soon()), Reason.UNKNOWN_TOKEN, unknown);
        assertRefused(() -> authenticator.authenticate("rgw_too-short", Deadlines.soon()), Reason.MALFORMED, "rgw_too-short");
    }

    @Test
    void revokingFreesTheNameForANewToken() {
        String id = create(Map.of("name", "ci")).path("workerToken.id");
        asPortal().delete(TOKENS + "/{t}", project, id).then().statusCode(204);

        create(Map.of("name", "ci")).then().statusCode(201);

        asPortal().get(TOKENS, project).then().body("status", org.hamcrest.Matchers.contains("REVOKED", "ACTIVE"));
    }

    @Test
    void listingShowsOnlyTheProjectsOwnTokens() {
        String other = newProject();
        create(Map.of("name", "mine")).then().statusCode(201);
        asPortal().contentType(ContentType.JSON).body(Map.of("name", "theirs")).post(TOKENS, other).then().statusCode(201);

        asPortal().get(TOKENS, project).then().statusCode(200).body("name", org.hamcrest.Matchers.contains("mine"));
    }

    // ---- rejected input stores nothing -----------------------------------------------------------

    @Test
    void lifetimeBelowOneMinuteIsRejected() {
        assertRejected(() -> create(Map.of("name", "ci", "expiresInSeconds", 59)), 400, "expiresInSeconds");
    }

    @Test
    void lifetimeAboveTheConfiguredMaximumIsRejected() {
        assertRejected(() -> create(Map.of("name", "ci", "expiresInSeconds", 365L * 24 * 3600 + 1)), 400, "expiresInSeconds");
    }

    @Test
    void invalidNamesAreRejected() {
        assertRejected(() -> create(Map.of("name", "")), 400, "name");
        assertRejected(() -> create(Map.of("name", "-starts-with-dash")), 400, "name");
        assertRejected(() -> create(Map.of("name", "x".repeat(65))), 400, "name");
        assertRejected(() -> create(Map.of()), 400, "name");
    }

    @Test
    void unknownFieldIsRejected() {
        assertRejected(() -> create(Map.of("name", "ci", "token", "rgw_chosen-by-caller")), 400, "token");
    }

    @Test
    void duplicateNameAmongUnrevokedTokensIsAConflict() {
        create(Map.of("name", "ci")).then().statusCode(201);

        assertRejected(() -> create(Map.of("name", "ci")), 409, null);
    }

    @Test
    void unknownProjectIsNotFound() {
        assertRejected(() -> asPortal().contentType(ContentType.JSON).body(Map.of("name", "ci")).post(TOKENS, "no-such-project"), 404, null);
        asPortal().get(TOKENS, "no-such-project").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void revokingAnUnknownTokenOrAnotherProjectsTokenIsNotFound() {
        String other = newProject();
        String theirs = asPortal().contentType(ContentType.JSON).body(Map.of("name", "theirs")).post(TOKENS, other)
                .then().statusCode(201).extract().path("workerToken.id");

        assertRejected(() -> asPortal().delete(TOKENS + "/{t}", project, UUID.randomUUID()), 404, null);
        assertRejected(() -> asPortal().delete(TOKENS + "/{t}", project, theirs), 404, null);
        assertThat(nullableInstant("select revoked_at from worker_token where id = ?", UUID.fromString(theirs))).isNull();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private Response create(Map<String, Object> body) {
        return asPortal().contentType(ContentType.JSON).body(body).post(TOKENS, project);
    }

    private void assertRejected(Supplier<Response> request, int status, String field) {
        String before = DatabaseFingerprint.of(dataSource);
        Response response = request.get();
        response.then().statusCode(status).contentType(PROBLEM_JSON).body("status", equalTo(status));
        if (field != null) {
            response.then().body("errors.field", org.hamcrest.Matchers.hasItem(field));
        }
        assertThat(DatabaseFingerprint.of(dataSource)).as("a rejected request stores nothing").isEqualTo(before);
    }

    private static void assertRefused(Runnable call, Reason reason, String token) {
        assertThatThrownBy(call::run)
                .isInstanceOf(WorkerAuthenticationException.class)
                .satisfies(e -> assertThat(((WorkerAuthenticationException) e).reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
    }

    private Instant lastUsedAt(UUID id) {
        return nullableInstant("select last_used_at from worker_token where id = ?", id);
    }

    private Instant nullableInstant(String sql, UUID id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row %s exists", id).isTrue();
                Timestamp value = rs.getTimestamp(1);
                return value == null ? null : value.toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] queryBytes(String sql, UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }
}
