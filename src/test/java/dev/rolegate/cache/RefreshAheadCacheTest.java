package dev.rolegate.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.testsupport.SteppedClock;
import dev.rolegate.time.Deadline;
import dev.rolegate.time.DeadlineExceededException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefreshAheadCacheTest {

    private static final Duration TTL = Duration.ofSeconds(40);
    /** Past every jittered refresh point (at most three quarters of the ttl), still within the bound. */
    private static final Duration PAST_REFRESH_POINT = Duration.ofSeconds(31);

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-28T00:00:00Z"));
    private final QueuedExecutor background = new QueuedExecutor();
    private final CountingLoader loader = new CountingLoader();
    private final RefreshAheadCache<String, String> cache = new RefreshAheadCache<>("test", TTL, 1_000, loader, clock, background);
    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void aMissIsLoadedOnceAndThenServedFromMemory() {
        assertThat(cache.getIfFresh("k")).isNull();
        assertThat(cache.get("k", soon())).isEqualTo("k#1");

        clock.advance(Duration.ofSeconds(19));

        assertThat(cache.getIfFresh("k")).isEqualTo("k#1");
        assertThat(cache.get("k", soon())).isEqualTo("k#1");
        assertThat(loader.calls.get()).isEqualTo(1);
        assertThat(background.tasks).isEmpty();
    }

    @Test
    void pastTheRefreshPointTheCurrentValueIsServedWhileOneBackgroundReloadRuns() {
        cache.get("k", soon());
        clock.advance(PAST_REFRESH_POINT);

        for (int i = 0; i < 50; i++) {
            assertThat(cache.getIfFresh("k")).isEqualTo("k#1");
        }
        assertThat(background.tasks).hasSize(1);

        background.runAll();

        assertThat(cache.getIfFresh("k")).isEqualTo("k#2");
        assertThat(loader.calls.get()).isEqualTo(2);
    }

    @Test
    void aReloadedEntryGetsAFreshBound() {
        cache.get("k", soon());
        clock.advance(PAST_REFRESH_POINT);
        cache.getIfFresh("k");
        background.runAll();

        clock.advance(Duration.ofSeconds(19));

        assertThat(cache.getIfFresh("k")).as("41 s after the first load, 19 s after the reload").isEqualTo("k#2");
    }

    @Test
    void anEntryIsNeverServedPastItsBoundEvenIfNoReloadHappened() {
        cache.get("k", soon());
        clock.advance(TTL);

        assertThat(cache.getIfFresh("k")).isNull();
        assertThat(background.tasks).isEmpty();
        assertThat(cache.get("k", soon())).isEqualTo("k#2");
    }

    @Test
    void refreshPointsAreJitteredBetweenHalfAndThreeQuartersOfTheTtl() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add("k" + i);
            cache.get("k" + i, soon());
        }
        clock.advance(TTL.dividedBy(2).minusMillis(1));
        keys.forEach(cache::getIfFresh);
        assertThat(background.tasks).as("none before half the ttl").isEmpty();

        clock.advance(Duration.ofSeconds(5));
        keys.forEach(cache::getIfFresh);
        int dueEarly = background.tasks.size();

        clock.advance(Duration.ofMillis(5_001));
        keys.forEach(cache::getIfFresh);

        assertThat(dueEarly).as("some, not all, due in the first half of the window").isBetween(1, 199);
        assertThat(background.tasks.size()).as("all due by three quarters of the ttl").isEqualTo(200);
    }

    @Test
    void aFailedReloadKeepsServingTheCurrentValueAndRetriesOnlyAfterADelay() {
        cache.get("k", soon());
        clock.advance(PAST_REFRESH_POINT);
        loader.failNext = true;
        cache.getIfFresh("k");
        background.runAll();

        assertThat(cache.getIfFresh("k")).isEqualTo("k#1");
        assertThat(background.tasks).as("no retry within a tenth of the ttl").isEmpty();

        clock.advance(TTL.dividedBy(10));
        assertThat(cache.getIfFresh("k")).isEqualTo("k#1");
        background.runAll();

        assertThat(cache.getIfFresh("k")).isEqualTo("k#3");
    }

    @Test
    void aReloadThatFindsNothingDropsTheEntry() {
        cache.get("k", soon());
        clock.advance(PAST_REFRESH_POINT);
        loader.gone = true;
        cache.getIfFresh("k");
        background.runAll();

        assertThat(cache.getIfFresh("k")).isNull();
        assertThat(cache.get("k", soon())).isNull();
    }

    @Test
    void anInvalidationDuringAReloadWins() {
        cache.get("k", soon());
        clock.advance(PAST_REFRESH_POINT);
        cache.getIfFresh("k");

        cache.invalidate("k");
        background.runAll();

        assertThat(cache.getIfFresh("k")).isNull();
    }

    @Test
    void anInvalidationDuringALoadKeepsTheLoadedValueOutOfTheCache() {
        loader.during = () -> cache.invalidateIf(value -> true);

        assertThat(cache.get("k", soon())).isEqualTo("k#1");

        assertThat(cache.getIfFresh("k")).isNull();
    }

    @Test
    void aReloadStartedBeforeAnUnrelatedInvalidationIsNotCachedEither() {
        cache.get("k", soon());
        clock.advance(PAST_REFRESH_POINT);
        cache.getIfFresh("k");
        cache.invalidateKeysIf(key -> key.equals("other"));

        background.runAll();

        assertThat(cache.getIfFresh("k")).as("conservative: the overlapping invalidation might have been meant for it").isNull();
    }

    @Test
    void concurrentMissesShareOneLoad() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        loader.during = () -> await(release);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(callers.submit(() -> cache.get("k", soon())));
        }
        awaitWaiters(7);
        release.countDown();

        for (Future<String> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("k#1");
        }
        assertThat(loader.calls.get()).isEqualTo(1);
    }

    @Test
    void aFailedLoadReachesEveryWaiterAndIsNotCached() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        loader.during = () -> await(release);
        loader.failNext = true;
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(callers.submit(() -> cache.get("k", soon())));
        }
        awaitWaiters(3);
        release.countDown();

        for (Future<String> result : results) {
            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IllegalStateException.class);
        }
        loader.during = () -> { };
        assertThat(cache.get("k", soon())).isEqualTo("k#2");
    }

    @Test
    void aCallerArrivingAfterAnInvalidationDoesNotJoinALoadThatBeganBeforeIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        loader.during = () -> await(release);
        Future<String> before = callers.submit(() -> cache.get("k", soon()));
        awaitWaiters(0);

        cache.invalidate("k");
        loader.during = () -> { };
        String after = callers.submit(() -> cache.get("k", soon())).get(10, TimeUnit.SECONDS);
        release.countDown();

        assertThat(after).as("loaded anew, not the answer read before the invalidation").isEqualTo("k#2");
        assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo("k#1");
    }

    @Test
    void aValueReadBeforeAnInvalidationIsNotCachedByPut() {
        RefreshAheadCache.Mark readStarted = cache.mark();
        cache.invalidateKeysIf(key -> true);

        cache.put("k", "read before", readStarted);

        assertThat(cache.getIfFresh("k")).isNull();
    }

    @Test
    void aPutValueIsBoundedFromWhenItsReadBegan() {
        RefreshAheadCache.Mark readStarted = cache.mark();
        clock.advance(Duration.ofSeconds(10));
        cache.put("k", "v", readStarted);

        clock.advance(TTL.minusSeconds(10));

        assertThat(cache.getIfFresh("k")).isNull();
    }

    @Test
    void anErrorInABackgroundReloadStillSchedulesARetry() {
        cache.get("k", soon());
        clock.advance(PAST_REFRESH_POINT);
        loader.during = () -> {
            throw new AssertionError("out of something");
        };
        cache.getIfFresh("k");
        assertThatThrownBy(background::runAll).isInstanceOf(AssertionError.class);
        loader.during = () -> { };

        clock.advance(TTL.dividedBy(10));
        assertThat(cache.getIfFresh("k")).isEqualTo("k#1");
        background.runAll();

        assertThat(cache.getIfFresh("k")).isEqualTo("k#3");
    }

    @Test
    void aRefusedBackgroundReloadIsRetriedLater() {
        cache.get("k", soon());
        clock.advance(PAST_REFRESH_POINT);
        background.refuse = true;

        assertThat(cache.getIfFresh("k")).isEqualTo("k#1");
        background.refuse = false;
        assertThat(cache.getIfFresh("k")).isEqualTo("k#1");
        assertThat(background.tasks).isEmpty();

        clock.advance(TTL.dividedBy(10));
        cache.getIfFresh("k");
        assertThat(background.tasks).hasSize(1);
    }

    @Test
    void aNonPositiveTtlIsRefused() {
        assertThatThrownBy(() -> new RefreshAheadCache<>("test", Duration.ZERO, 1, loader, clock, background))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWaiterGivesUpAtItsDeadlineWhileTheLoadGoesOnAndIsCached() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        loader.during = () -> await(release);
        Future<String> leader = callers.submit(() -> cache.get("k", soon()));
        awaitWaiters(0);

        assertThatThrownBy(() -> cache.get("k", Deadline.in(Duration.ofMillis(50)))).isInstanceOf(DeadlineExceededException.class);
        release.countDown();

        assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("k#1");
        assertThat(cache.getIfFresh("k")).isEqualTo("k#1");
        assertThat(loader.calls.get()).isEqualTo(1);
    }

    @Test
    void aCallerNeedingMoreThanTheCachedValueLoadsItsOwnOnce() {
        cache.get("k", soon());

        String fresher = cache.get("k", value -> !value.equals("k#1"), loader, soon());

        assertThat(fresher).isEqualTo("k#2");
        assertThat(cache.get("k", value -> !value.equals("k#1"), loader, soon())).as("now cached").isEqualTo("k#2");
        assertThat(loader.calls.get()).isEqualTo(2);
    }

    @Test
    void aJoinerWhomTheSharedLoadDoesNotSatisfyLoadsNextInsteadOfFailing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        loader.during = () -> await(release);
        Future<String> leader = callers.submit(() -> cache.get("k", soon()));
        awaitWaiters(0);
        Future<String> demanding = callers.submit(() -> cache.get("k", value -> !value.equals("k#1"), loader, soon()));
        awaitWaiters(1);

        loader.during = () -> { };
        release.countDown();

        assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("k#1");
        assertThat(demanding.get(10, TimeUnit.SECONDS)).isEqualTo("k#2");
        assertThat(loader.calls.get()).isEqualTo(2);
    }

    private static Deadline soon() {
        return Deadline.in(Duration.ofSeconds(10));
    }

    /** Waits until one caller is loading "k" and {@code count} more wait on its load. */
    private void awaitWaiters(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (loader.calls.get() < 1 || cache.waitersFor("k") < count) {
            assertThat(System.nanoTime()).as("callers waiting").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns "key#n" for the n-th call; can fail once, find nothing, or run something mid-load. */
    private static final class CountingLoader implements Function<String, String> {

        final AtomicInteger calls = new AtomicInteger();
        volatile boolean failNext;
        volatile boolean gone;
        volatile Runnable during = () -> { };

        @Override
        public String apply(String key) {
            int call = calls.incrementAndGet();
            during.run();
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("database unavailable");
            }
            return gone ? null : key + "#" + call;
        }
    }

    /** Holds background tasks until the test runs them, or refuses them. */
    private static final class QueuedExecutor implements Executor {

        final Queue<Runnable> tasks = new ArrayDeque<>();
        volatile boolean refuse;

        @Override
        public synchronized void execute(Runnable task) {
            if (refuse) {
                throw new RejectedExecutionException("full");
            }
            tasks.add(task);
        }

        synchronized void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }
}
