package dev.rolegate.agent;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * rolegate's answers per {@link CredentialKey}. One call to rolegate per key at a time, however many callers wait for
 * it; credentials are kept while an SDK would still accept them without refreshing (more than the refresh window, or
 * the caller's own minimum validity, left), for at most the max age, and never past the expiry of the caller's token
 * when it is a JWT. Refusals and 503s are shared by the callers already waiting for them but not kept. Bounded in
 * entries.
 */
final class CredentialCache {

    private final AsyncCache<CredentialKey, Kept> answers;
    private final Upstream upstream;
    private final Clock clock;
    private final Duration refreshWindow;
    private final Duration maxAge;

    /** An answer and the expiry of the token it was asked with (Instant.MAX when the token is not a readable JWT). */
    private record Kept(AgentAnswer answer, Instant tokenExpiry) {
    }

    CredentialCache(AgentConfig config, Upstream upstream, Clock clock, Ticker ticker, Executor executor) {
        this.upstream = upstream;
        this.clock = clock;
        this.refreshWindow = config.refreshWindow();
        this.maxAge = config.cacheMaxAge();
        this.answers = Caffeine.newBuilder().maximumSize(config.cacheMaxEntries()).ticker(ticker).executor(executor).recordStats()
                .expireAfter(Expiry.creating(this::lifetime)).buildAsync();
    }

    /** The answer for {@code key}: a kept one, or rolegate's, asked with {@code authorization}. */
    CompletableFuture<AgentAnswer> get(CredentialKey key, String authorization) {
        return answers.get(key, (k, executor) -> upstream.fetch(k, authorization)
                .thenApply(answer -> new Kept(answer, TokenExpiry.of(authorization).orElse(Instant.MAX)))).thenApply(Kept::answer);
    }

    long hits() {
        return answers.synchronous().stats().hitCount();
    }

    long misses() {
        return answers.synchronous().stats().missCount();
    }

    long size() {
        return answers.synchronous().estimatedSize();
    }

    /** How long an answer is kept; zero for anything but credentials an SDK would take without refreshing at once. */
    private Duration lifetime(CredentialKey key, Kept kept) {
        if (!kept.answer().isCredentials()) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        Duration window = max(refreshWindow, Duration.ofSeconds(key.callerMinValiditySeconds()));
        Duration untilRefresh = Duration.between(now, kept.answer().expiration().minus(window));
        Duration untilTokenExpiry = kept.tokenExpiry().equals(Instant.MAX) ? maxAge : Duration.between(now, kept.tokenExpiry());
        Duration lifetime = min(min(untilRefresh, maxAge), untilTokenExpiry);
        return lifetime.isNegative() ? Duration.ZERO : lifetime;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
