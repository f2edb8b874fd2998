package dev.rolegate.audit;

import static dev.rolegate.audit.AuditTables.uniqueActor;
import static dev.rolegate.testsupport.PortalApi.asPortal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GET /v1/audit: the portal pages through the audit by cursor, newest first, by account, actor, action and time. */
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
                .body("items.requestId", contains("mine-2", "mine-1"))
                .body("items.accountId", contains(account.toString(), account.toString()));
    }

    @Test
    void actorFilterListsOnlyThatActorsEntries() {
        String otherActor = uniqueActor();
        record(base, actor, AuditAction.CREDENTIALS_ISSUED, account, "mine");
        record(base.plusSeconds(1), otherActor, AuditAction.CREDENTIALS_ISSUED, account, "theirs");

        asPortal().queryParam("actor", actor).get("/v1/audit").then().statusCode(200)
                .body("items.requestId", contains("mine"))
                .body("items.actor", contains(actor));
    }

    @Test
    void actionFilterListsOnlyThatActionIgnoringCase() {
        record(base, actor, AuditAction.CREDENTIALS_ISSUED, account, "issued");
        record(base.plusSeconds(1), actor, AuditAction.GRANT_CREATED, account, "granted");

        asPortal().queryParam("actor", actor).queryParam("action", "grant_created").get("/v1/audit").then().statusCode(200)
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
    void nextLinksWalkThePagesAndTheLastPageHasNone() {
        for (int i = 1; i <= 5; i++) {
            record(base.plusSeconds(i), actor, AuditAction.CREDENTIALS_ISSUED, account, "e" + i);
        }

        String second = first(2).body("items.requestId", contains("e5", "e4")).extract().path("next");
        String third = follow(second).body("items.requestId", contains("e3", "e2")).extract().path("next");
        follow(third).body("items.requestId", contains("e1")).body("next", nullValue());
    }

    @Test
    void aFullLastPageHasNoNextLink() {
        for (int i = 1; i <= 4; i++) {
            record(base.plusSeconds(i), actor, AuditAction.CREDENTIALS_ISSUED, account, "e" + i);
        }

        String second = first(2).extract().path("next");
        follow(second).body("items.requestId", contains("e2", "e1")).body("next", nullValue());
    }

    @Test
    void nextLinkKeepsEveryFilterAndTheLimit() {
        record(base, actor, AuditAction.CREDENTIALS_ISSUED, account, "old");
        record(base.plusSeconds(1), actor, AuditAction.GRANT_CREATED, account, "other-action");
        record(base.plusSeconds(2), actor, AuditAction.CREDENTIALS_ISSUED, UUID.randomUUID(), "other-account");
        record(base.plusSeconds(3), actor, AuditAction.CREDENTIALS_ISSUED, account, "new");
        record(base.plusSeconds(4), actor, AuditAction.CREDENTIALS_ISSUED, account, "too-new");

        String next = asPortal().queryParam("actor", actor).queryParam("accountId", account.toString()).queryParam("action", "credentials_issued")
                .queryParam("from", base.toString()).queryParam("to", base.plusSeconds(4).toString()).queryParam("limit", 1)
                .get("/v1/audit").then().statusCode(200).body("items.requestId", contains("new")).extract().path("next");

        assertThat(URLDecoder.decode(next, StandardCharsets.UTF_8)).startsWith("/v1/audit?").contains("actor=" + actor, "accountId=" + account, "action=CREDENTIALS_ISSUED",
                "from=" + base, "to=" + base.plusSeconds(4), "limit=1", "cursor=");
        follow(next).body("items.requestId", contains("old")).body("next", nullValue());
    }

    @Test
    void entriesOfEqualTimeAreEachListedOnceAcrossPages() {
        for (int i = 0; i < 7; i++) {
            record(base, actor, AuditAction.CREDENTIALS_ISSUED, account, "same-" + i);
        }

        List<String> seen = walk(asPortal().queryParam("actor", actor).queryParam("limit", 3).get("/v1/audit"), () -> { });

        assertThat(seen).containsExactly("same-6", "same-5", "same-4", "same-3", "same-2", "same-1", "same-0");
    }

    @Test
    void pagingVisitsEveryEntryOnceWhileEntriesAreAddedBetweenPages() {
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            before.add("before-" + i);
            record(base.plusSeconds(i / 3), actor, AuditAction.CREDENTIALS_ISSUED, account, "before-" + i);
        }
        AtomicInteger added = new AtomicInteger();

        List<String> seen = walk(asPortal().queryParam("actor", actor).queryParam("limit", 4).get("/v1/audit"), () -> {
            int n = added.getAndIncrement();
            // Newer than everything, at a time already listed, and older than everything: committed while paging.
            record(base.plusSeconds(100 + n), actor, AuditAction.CREDENTIALS_ISSUED, account, "newer-" + n);
            record(base.plusSeconds(5), actor, AuditAction.CREDENTIALS_ISSUED, account, "same-time-" + n);
            record(base.minusSeconds(1 + n), actor, AuditAction.CREDENTIALS_ISSUED, account, "older-" + n);
        });

        assertThat(seen).as("no entry twice").doesNotHaveDuplicates();
        assertThat(seen).as("every entry there before paging began").containsAll(before);
        assertThat(seen).as("nothing newer than the first page").noneMatch(id -> id.startsWith("newer-"));
        assertThat(seen).as("entries older than the cursor committed while paging").contains("older-0");
    }

    @Test
    void pagingVisitsEveryEntryOnceWhileAnotherThreadKeepsRecording() throws InterruptedException {
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            before.add("before-" + i);
            record(base.plusSeconds(i / 4), actor, AuditAction.CREDENTIALS_ISSUED, account, "before-" + i);
        }
        AtomicBoolean paging = new AtomicBoolean(true);
        AtomicInteger added = new AtomicInteger();
        Thread recorder = new Thread(() -> {
            while (paging.get() && added.get() < 300) {
                int n = added.getAndIncrement();
                // Times across the whole range, many equal to listed ones: every place a cursor could be.
                record(base.plusSeconds(ThreadLocalRandom.current().nextLong(-2, 20)), actor, AuditAction.CREDENTIALS_ISSUED, account, "during-" + n);
            }
        });
        recorder.start();
        List<String> seen;
        try {
            seen = walk(asPortal().queryParam("actor", actor).queryParam("limit", 7).get("/v1/audit"), () -> { });
        } finally {
            paging.set(false);
            recorder.join();
        }

        assertThat(added.get()).as("entries recorded while paging").isPositive();
        assertThat(seen).as("no entry twice").doesNotHaveDuplicates();
        assertThat(seen).as("every entry there before paging began").containsAll(before);
    }

    @Test
    void limitDefaultsToFifty() {
        for (int i = 0; i < 51; i++) {
            record(base.plusSeconds(i), actor, AuditAction.CREDENTIALS_ISSUED, account, "e" + i);
        }

        asPortal().queryParam("actor", actor).get("/v1/audit").then().statusCode(200)
                .body("items", hasSize(50)).body("next", notNullValue()).body("$", not(hasKey("total")));
    }

    @Test
    void eachEntryCarriesACursorThatListsTheEntriesBeforeIt() {
        for (int i = 1; i <= 3; i++) {
            record(base.plusSeconds(i), actor, AuditAction.CREDENTIALS_ISSUED, account, "e" + i);
        }
        String cursorOfE2 = asPortal().queryParam("actor", actor).get("/v1/audit").then().statusCode(200).extract().path("items[1].cursor");

        asPortal().queryParam("actor", actor).queryParam("cursor", cursorOfE2).get("/v1/audit").then().statusCode(200)
                .body("items.requestId", contains("e1"));
    }

    @Test
    void listingShowsEveryStoredField() {
        Instant expiration = base.plus(Duration.ofHours(1));
        audit.record(AuditEntry.builder(base, actor, AuditAction.CREDENTIALS_ISSUED).project("acme").account(account).scopeHash("")
                .credentials("ASIATESTKEY000000002", expiration).request("192.0.2.10", "req-all").detail("for deploy 42").build());

        asPortal().queryParam("actor", actor).get("/v1/audit").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", notNullValue())
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
            "limit, 0, limit",
            "limit, 201, limit",
            "limit, ten, limit",
            "cursor, not-a-cursor, cursor",
            "cursor, AQAGKpm6DGAAAAAAAAAAAA, cursor",
            "cursor, AgAGKpm6DGAAAAAAAAAAAAE, cursor",
            "cursor, AQAGKpm6DGAAAAAAAAAAAAA, cursor",
            "cursor, AUAAAAAAAAAAAAAAAAAAAAE, cursor",
            "cursor, AQAGKpm6DGAA__________8, cursor",
            "page, 0, page",
            "size, 50, size"})
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

    @Test
    void removedPageParameterIsRefusedNamingItsReplacement() {
        asPortal().queryParam("page", 3).get("/v1/audit").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors[0].message", containsString("next"));
    }

    private ValidatableResponse first(int limit) {
        return asPortal().queryParam("actor", actor).queryParam("limit", limit).get("/v1/audit").then().statusCode(200);
    }

    /** The page a next link names, requested as given. */
    private static ValidatableResponse follow(String next) {
        return asPortal().urlEncodingEnabled(false).get(next).then().statusCode(200);
    }

    /** Every request id on the first page and the pages its next links lead to, running {@code betweenPages} before each next page. */
    private static List<String> walk(Response first, Runnable betweenPages) {
        List<String> seen = new ArrayList<>();
        Response page = first;
        for (int pages = 0; pages < 100; pages++) {
            seen.addAll(page.then().statusCode(200).extract().jsonPath().getList("items.requestId", String.class));
            String next = page.path("next");
            if (next == null) {
                return seen;
            }
            betweenPages.run();
            page = asPortal().urlEncodingEnabled(false).get(next);
        }
        throw new AssertionError("paging did not end: " + seen.size() + " entries seen");
    }

    private void record(Instant at, String who, AuditAction action, UUID accountId, String requestId) {
        audit.record(AuditEntry.builder(at, who, action).account(accountId).request("127.0.0.1", requestId).build());
    }
}
