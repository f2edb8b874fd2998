package dev.rolegate.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * When each AWS SDK asks its container-credentials endpoint again, modelled from the SDKs' sources (versions as
 * installed on the build machines; cited per rule). Each rule holds one client's cached credentials and answers, for
 * one API call at {@code now}, whether that call fetches first. Single-threaded clients, as in the simulation.
 */
interface SdkRefreshRules {

    /** Whether an API call at {@code now} fetches credentials before it is signed. */
    boolean fetchesAt(Instant now);

    /** The client received credentials expiring at {@code expiration}. */
    void received(Instant now, Instant expiration);

    /**
     * botocore 1.43 ({@code botocore/credentials.py}, {@code RefreshableCredentials}): {@code _advisory_refresh_timeout}
     * 15 min, {@code _mandatory_refresh_timeout} 10 min. Every access with less than the advisory 15 min left refreshes
     * (a single thread always gets the lock), whatever the refreshed credentials' remaining time.
     */
    static SdkRefreshRules botocore() {
        return new FetchWhenLessRemains("botocore 1.43", Duration.ofMinutes(15));
    }

    /**
     * AWS SDK for JavaScript v3 ({@code @aws-sdk/credential-provider-node} 3.972 {@code credentialsTreatedAsExpired}, and
     * {@code @smithy/core}'s {@code EXPIRATION_MS = 300_000}): memoized credentials are fetched again once less than
     * 5 min remain.
     */
    static SdkRefreshRules javaScriptV3() {
        return new FetchWhenLessRemains("JS SDK v3", Duration.ofMinutes(5));
    }

    /** Fetches on the first call, then on every call with less than {@code window} left. */
    final class FetchWhenLessRemains implements SdkRefreshRules {

        private final String name;
        private final Duration window;
        private Instant expiration;

        FetchWhenLessRemains(String name, Duration window) {
            this.name = name;
            this.window = window;
        }

        @Override
        public boolean fetchesAt(Instant now) {
            return expiration == null || Duration.between(now, expiration).compareTo(window) < 0;
        }

        @Override
        public void received(Instant now, Instant expiration) {
            this.expiration = expiration;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * AWS SDK for Java v2 2.35 ({@code ContainerCredentialsProvider.prefetchTime/staleTime} and
     * {@code utils.cache.CachedSupplier}): prefetch at min(now + 1 h, expiration - 15 min), moved later by a random
     * jitter of up to (stale - 1 min) - prefetch, stale at expiration - 1 min; the default OneCallerBlocks strategy
     * fetches on the first call at or after the prefetch time. The jitter's random source is seeded, so runs repeat.
     */
    final class JavaV2 implements SdkRefreshRules {

        private final Random jitter;
        private final long seed;
        private Instant prefetch;
        private Instant stale;

        JavaV2(long seed) {
            this.jitter = new Random(seed);
            this.seed = seed;
        }

        @Override
        public boolean fetchesAt(Instant now) {
            return prefetch == null || !now.isBefore(stale) || !now.isBefore(prefetch);
        }

        @Override
        public void received(Instant now, Instant expiration) {
            stale = expiration.minus(Duration.ofMinutes(1));
            Instant plain = min(now.plus(Duration.ofHours(1)), expiration.minus(Duration.ofMinutes(15)));
            Instant oneMinuteBeforeStale = stale.minus(Duration.ofMinutes(1));
            long range = plain.isBefore(oneMinuteBeforeStale) ? Duration.between(plain, oneMinuteBeforeStale).toMillis() : 0;
            prefetch = range == 0 ? plain : plain.plusMillis(Math.abs(jitter.nextLong() % range));
        }

        private static Instant min(Instant a, Instant b) {
            return a.isBefore(b) ? a : b;
        }

        @Override
        public String toString() {
            return "Java SDK v2 #" + seed;
        }
    }
}
