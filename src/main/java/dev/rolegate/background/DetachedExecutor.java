package dev.rolegate.background;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs short database chores that a request starts but does not wait for: cache reloads and last-use
 * bookkeeping. They get threads of their own because they must not queue behind requests on the worker
 * pool, and they carry no request context, since they outlive the request that started them.
 */
@ApplicationScoped
public class DetachedExecutor implements Executor {

    /** The chores are single-row reads and writes; two threads keep up with thousands per second. */
    private static final int THREADS = 2;
    /** Beyond this backlog a chore is refused; every caller has a fallback (retry later, or skip bookkeeping). */
    private static final int QUEUE = 4096;

    private final ThreadPoolExecutor pool;

    public DetachedExecutor() {
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), task -> {
            Thread thread = new Thread(task, "rolegate-detached-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** @throws RejectedExecutionException when the backlog is full or the application is stopping */
    @Override
    public void execute(Runnable chore) {
        pool.execute(chore);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
