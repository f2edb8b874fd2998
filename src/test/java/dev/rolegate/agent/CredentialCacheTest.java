package dev.rolegate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.rolegate.protocol.ContainerErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cache's rules, on a clock the test moves: what is kept, for how long, for whom, and one upstream call per key. */
class CredentialCacheTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final String TOKEN = "rgw_tokenOfWorkerA";

    private final FakeTime time = new FakeTime();
    private final CountingUpstream upstream = new CountingUpstream();

    @Test
    void concurrentCallersForOneKeyShareOneCallToRolegate() {
        CompletableFuture<AgentAnswer> pending = new CompletableFuture<>();
        upstream.next = pending;
        CredentialCache cache = cache(Map.of());

        List<CompletableFuture<AgentAnswer>> callers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            callers.add(cache.get(key(TOKEN), TOKEN));
        }
        AgentAnswer answer = credentialsExpiringIn(Duration.ofHours(1));
        pending.complete(answer);

        assertThat(upstream.calls).hasValue(1);
        assertThat(callers).allSatisfy(caller -> assertThat(caller.join()).isSameAs(answer));
    }

    @Test
    void credentialsAreKeptUntilTheSdkRefreshWindowBegins() {
        // a max age longer than the session, so only the window limits
        CredentialCache cache = cache(Map.of("CACHE_MAX_AGE", "PT2H"));
        upstream.answer = credentialsExpiringIn(Duration.ofHours(1));

        cache.get(key(TOKEN), TOKEN).join();
        time.advance(Duration.ofMinutes(44).plusSeconds(59));
        cache.get(key(TOKEN), TOKEN).join();
        assertThat(upstream.calls).as("45 min before expiry the entry still has more than 15 min").hasValue(1);

        time.advance(Duration.ofSeconds(2));
        cache.get(key(TOKEN), TOKEN).join();
        assertThat(upstream.calls).hasValue(2);
    }

    @Test
    void credentialsAreKeptAtMostTheMaxAge() {
        CredentialCache cache = cache(Map.of("CACHE_MAX_AGE", "PT5M"));
        upstream.answer = credentialsExpiringIn(Duration.ofHours(12));

        cache.get(key(TOKEN), TOKEN).join();
        time.advance(Duration.ofMinutes(4).plusSeconds(59));
        cache.get(key(TOKEN), TOKEN).join();
        assertThat(upstream.calls).hasValue(1);

        time.advance(Duration.ofSeconds(2));
        cache.get(key(TOKEN), TOKEN).join();
        assertThat(upstream.calls).as("a revoked token stops getting credentials through the agent after the max age").hasValue(2);
    }

    @Test
    void credentialsAreNeverKeptPastTheExpiryOfTheCallersJwt() {
        CredentialCache cache = cache(Map.of("CACHE_MAX_AGE", "PT5M"));
        String jwt = jwtExpiringAt(START.plusSeconds(60));
        upstream.answer = credentialsExpiringIn(Duration.ofHours(1));

        cache.get(key(jwt), jwt).join();
        time.advance(Duration.ofSeconds(59));
        cache.get(key(jwt), jwt).join();
        assertThat(upstream.calls).hasValue(1);

        time.advance(Duration.ofSeconds(2));
        cache.get(key(jwt), jwt).join();
        assertThat(upstream.calls).hasValue(2);
    }

    @Test
    void anExpiredJwtGetsNothingFromTheCache() {
        CredentialCache cache = cache(Map.of());
        String jwt = jwtExpiringAt(START.minusSeconds(1));
        upstream.answer = credentialsExpiringIn(Duration.ofHours(1));

        cache.get(key(jwt), jwt).join();
        cache.get(key(jwt), jwt).join();

        assertThat(upstream.calls).hasValue(2);
    }

    @Test
    void callersWithDifferentTokensNeverShareAnAnswer() {
        CredentialCache cache = cache(Map.of());
        upstream.answer = credentialsExpiringIn(Duration.ofHours(1));

        cache.get(key("rgw_tokenOfWorkerA"), "rgw_tokenOfWorkerA").join();
        cache.get(key("rgw_tokenOfWorkerB"), "rgw_tokenOfWorkerB").join();

        assertThat(upstream.calls).hasValue(2);
        assertThat(upstream.authorizations).containsExactly("rgw_tokenOfWorkerA", "rgw_tokenOfWorkerB");
    }

    @Test
    void aCallersOwnMinimumValidityIsAnEntryOfItsOwnKeptWhileItHolds() {
        CredentialCache cache = cache(Map.of("CACHE_MAX_AGE", "PT2H"));
        upstream.answer = credentialsExpiringIn(Duration.ofHours(1));
        CredentialKey wantsHalfAnHour = new CredentialKey(digest(TOKEN), "acme", "production", "1800");

        cache.get(wantsHalfAnHour, TOKEN).join();
        cache.get(key(TOKEN), TOKEN).join();
        assertThat(upstream.calls).hasValue(2);

        time.advance(Duration.ofMinutes(30).plusSeconds(1));
        cache.get(wantsHalfAnHour, TOKEN).join();
        assertThat(upstream.calls).as("fewer than 1800 s left").hasValue(3);
    }

    @Test
    void refusalsAndFailuresAreNotKept() {
        CredentialCache cache = cache(Map.of());
        upstream.answer = AgentAnswer.refusedByAgent(ContainerErrorCode.ACCESS_DENIED, "no grant");
        cache.get(key(TOKEN), TOKEN).join();
        cache.get(key(TOKEN), TOKEN).join();

        upstream.answer = AgentAnswer.upstreamUnavailable("rolegate down");
        cache.get(key(TOKEN), TOKEN).join();

        assertThat(upstream.calls).hasValue(3);
    }

    @Test
    void credentialsAlreadyInsideTheRefreshWindowAreServedButNotKept() {
        CredentialCache cache = cache(Map.of());
        upstream.answer = credentialsExpiringIn(Duration.ofMinutes(10));

        assertThat(cache.get(key(TOKEN), TOKEN).join().status()).isEqualTo(200);
        cache.get(key(TOKEN), TOKEN).join();

        assertThat(upstream.calls).hasValue(2);
    }

    @Test
    void theCacheHoldsAtMostItsMaximumEntries() {
        CredentialCache cache = cache(Map.of("CACHE_MAX_ENTRIES", "10"));
        upstream.answer = credentialsExpiringIn(Duration.ofHours(1));

        for (int i = 0; i < 200; i++) {
            cache.get(key("rgw_worker" + i), "rgw_worker" + i).join();
        }

        assertThat(cache.size()).isLessThanOrEqualTo(10);
        assertThat(cache.misses()).isEqualTo(200);
    }

    @Test
    void aTokenWhosePayloadIsNotJsonHasNoExpiry() {
        assertThat(TokenExpiry.of("a.b.c")).isEmpty();
        assertThat(TokenExpiry.of("rgw_plainWorkerToken")).isEmpty();
        assertThat(TokenExpiry.of("x." + base64("{\"exp\":\"tomorrow\"}") + ".y")).isEmpty();
        assertThat(TokenExpiry.of("Bearer " + jwtExpiringAt(START))).hasValue(START);
    }

    private CredentialCache cache(Map<String, String> settings) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("ROLEGATE_AGENT_UPSTREAM_URL", "https://rolegate.example.com"));
        settings.forEach((name, value) -> env.put("ROLEGATE_AGENT_" + name, value));
        return new CredentialCache(AgentConfig.fromEnvironment(env), upstream, time, time, Runnable::run);
    }

    private AgentAnswer credentialsExpiringIn(Duration validity) {
        return AgentAnswer.credentials("{}".getBytes(StandardCharsets.UTF_8), time.instant().plus(validity));
    }

    private static CredentialKey key(String token) {
        return new CredentialKey(digest(token), "acme", "production", null);
    }

    private static String digest(String token) {
        return "digest-of-" + token;
    }

    private static String jwtExpiringAt(Instant exp) {
        return base64("{\"alg\":\"RS256\"}") + "." + base64("{\"sub\":\"system:serviceaccount:ns:app\",\"exp\":" + exp.getEpochSecond() + "}") + ".signature";
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Wall time for expiry arithmetic and Caffeine's ticker, moved together. */
    private static final class FakeTime extends Clock implements Ticker {
        private Duration elapsed = Duration.ZERO;

        void advance(Duration by) {
            elapsed = elapsed.plus(by);
        }

        @Override
        public long read() {
            return elapsed.toNanos();
        }

        @Override
        public Instant instant() {
            return START.plus(elapsed);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Answers what the test sets, counting calls. */
    private static final class CountingUpstream implements Upstream {
        final AtomicInteger calls = new AtomicInteger();
        final List<String> authorizations = new ArrayList<>();
        volatile AgentAnswer answer;
        volatile CompletableFuture<AgentAnswer> next;

        @Override
        public CompletableFuture<AgentAnswer> fetch(CredentialKey key, String authorization) {
            calls.incrementAndGet();
            authorizations.add(authorization);
            return next != null ? next : CompletableFuture.completedFuture(answer);
        }
    }
}
