package dev.rolegate.testsupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the JTA transactions the application begins on request threads, for tests that bound how many a request
 * opens; bookkeeping on rolegate's own background threads (last-use writes, reloads) is not the request's.
 */
@ApplicationScoped
public class TransactionCounter {

    private final AtomicInteger begun = new AtomicInteger();

    void onBegin(@Observes @Initialized(TransactionScoped.class) Object transaction) {
        if (!Thread.currentThread().getName().startsWith("rolegate-")) {
            begun.incrementAndGet();
        }
    }

    public int begun() {
        return begun.get();
    }
}
