package dev.rolegate.audit;

import static dev.rolegate.audit.AuditTables.uniqueActor;
import static dev.rolegate.testsupport.PortalApi.asPortal;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GET /v1/audit: the portal pages through the audit, newest first, by account, actor, action and time. */
@QuarkusTest
class AuditResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    AuditLog audit;

    private String actor;
    private UUID account;
    /** A second in a past nobody else records in, so time filters alone select only this test's entries. */
    private Instant base;

    @BeforeEach
    void freshActorAccountAndTime() {
        actor = uniqueActor();
        account = UUID.randomUUID();
        base = Instant.parse("1990-01-01T00:00:00Z").plusSeconds(ThreadLocalRandom.current().nextLong(300_000_000L));
    }

    @Test
    void accountFilterListsOnlyThatAccountsEntries() {
        UUID other = UUID.randomUUID();
        record(base, actor, AuditAction.CREDENTIALS_ISSUED, account, "mine-1");
        record(base.plusSeconds(1), actor, AuditAction.CREDENTIALS_ISSUED, other, "other");
        record(base.plusSeconds(2), actor, AuditAction.ACCOUNT_VERIFIED, account, "mine-2");

        asPortal().queryParam("accountId", account.toString()).get("/v1/audit").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.requestId", contains("mine-2", "mine-1"))
                .body("items.accountId", contains(account.toString(), account.toString()));
    }

    @Test
    void actorFilterListsOnlyThatActorsEntries() {
        String otherActor = uniqueActor();
        record(base, actor, AuditAction.CREDENTIALS_ISSUED, account, "mine");
        record(base.plusSeconds(1), otherActor, AuditAction.CREDENTIALS_ISSUED, account, "theirs");

        asPortal().queryParam("actor", actor).get("/v1/audit").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items.requestId", contains("mine"))
                .body("items.actor", contains(actor));
    }

    @Test
    void actionFilterListsOnlyThatActionIgnoringCase() {
        record(base, actor, AuditAction.CREDENTIALS_ISSUED, account, "issued");
        record(base.plusSeconds(1), actor, AuditAction.GRANT_CREATED, account, "granted");

        asPortal().queryParam("actor", actor).queryParam("action", "grant_created").get("/v1/audit").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items.requestId", contains("granted"))
                .body("items.action", contains("GRANT_CREATED"));
    }

    @Test
    void timeRangeIncludesFromAndExcludesTo() {
        for (int second = 0; second < 4; second++) {
            record(base.plusSeconds(second), actor, AuditAction.CREDENTIALS_ISSUED, account, "at-" + second);
        }

        asPortal().queryParam("from", base.plusSeconds(1).toString()).queryParam("to", base.plusSeconds(3).toString())
                .get("/v1/audit").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.requestId", contains("at-2", "at-1"));
    }

    @Test
    void entriesAreListedNewestFirstWithLaterWritesFirstOnEqualTimes() {
        record(base.plusSeconds(2), actor, AuditAction.CREDENTIALS_ISSUED, account, "newest");
        record(base, actor, AuditAction.CREDENTIALS_ISSUED, account, "oldest");
        record(base.plusSeconds(1), actor, AuditAction.CREDENTIALS_ISSUED, account, "middle-written-first");
        record(base.plusSeconds(1), actor, AuditAction.CREDENTIALS_ISSUED, account, "middle-written-second");

        asPortal().queryParam("actor", actor).get("/v1/audit").then().statusCode(200)
                .body("items.requestId", contains("newest", "middle-written-second", "middle-written-first", "oldest"));
    }

    @Test
    void pagesSplitTheListingAndEachReportsTheTotal() {
        for (int i = 1; i <= 5; i++) {
            record(base.plusSeconds(i), actor, AuditAction.CREDENTIALS_ISSUED, account, "e" + i);
        }

        page(0, 2).body("items.requestId", contains("e5", "e4")).body("page", equalTo(0)).body("size", equalTo(2)).body("total", equalTo(5));
        page(1, 2).body("items.requestId", contains("e3", "e2")).body("page", equalTo(1)).body("total", equalTo(5));
        page(2, 2).body("items.requestId", contains("e1")).body("total", equalTo(5));
        page(3, 2).body("items", empty()).body("total", equalTo(5));
    }

    @Test
    void pageSizeDefaultsToFifty() {
        for (int i = 0; i < 51; i++) {
            record(base.plusSeconds(i), actor, AuditAction.CREDENTIALS_ISSUED, account, "e" + i);
        }

        asPortal().queryParam("actor", actor).get("/v1/audit").then().statusCode(200)
                .body("size", equalTo(50)).body("items", hasSize(50)).body("total", equalTo(51));
    }

    @Test
    void listingShowsEveryStoredField() {
        Instant expiration = base.plus(Duration.ofHours(1));
        audit.record(AuditEntry.builder(base, actor, AuditAction.CREDENTIALS_ISSUED).project("acme").account(account).scopeHash("")
                .credentials("ASIATESTKEY000000002", expiration).request("192.0.2.10", "req-all").detail("for deploy 42").build());

        asPortal().queryParam("actor", actor).get("/v1/audit").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", org.hamcrest.Matchers.notNullValue())
                .body("items[0].occurredAt", equalTo(base.toString()))
                .body("items[0].actor", equalTo(actor))
                .body("items[0].action", equalTo("CREDENTIALS_ISSUED"))
                .body("items[0].projectId", equalTo("acme"))
                .body("items[0].accountId", equalTo(account.toString()))
                .body("items[0].scopeHash", equalTo(""))
                .body("items[0].accessKeyId", equalTo("ASIATESTKEY000000002"))
                .body("items[0].expiration", equalTo(expiration.toString()))
                .body("items[0].clientAddress", equalTo("192.0.2.10"))
                .body("items[0].requestId", equalTo("req-all"))
                .body("items[0].detail", equalTo("for deploy 42"));
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
            "accountId, not-a-uuid, accountId",
            "action, TELEPORTED, action",
            "from, yesterday, from",
            "to, 2025-13-01T00:00:00Z, to",
            "page, -1, page",
            "size, 0, size",
            "size, 201, size"})
    void invalidParameterIsA400ProblemNamingIt(String parameter, String value, String field) {
        asPortal().queryParam(parameter, value).get("/v1/audit").then()
                .statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://rolegate.dev/problems/invalid-request"))
                .body("errors.field", contains(field));
    }

    @Test
    void fromAfterToIsA400Problem() {
        asPortal().queryParam("from", "2025-02-01T00:00:00Z").queryParam("to", "2025-01-01T00:00:00Z").get("/v1/audit").then()
                .statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", contains("from"));
    }

    private io.restassured.response.ValidatableResponse page(int page, int size) {
        return asPortal().queryParam("actor", actor).queryParam("page", page).queryParam("size", size).get("/v1/audit").then().statusCode(200);
    }

    private void record(Instant at, String who, AuditAction action, UUID accountId, String requestId) {
        audit.record(AuditEntry.builder(at, who, action).account(accountId).request("127.0.0.1", requestId).build());
    }
}
