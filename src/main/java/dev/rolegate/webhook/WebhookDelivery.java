package dev.rolegate.webhook;

import dev.rolegate.db.DatabaseGuard;
import dev.rolegate.db.DatabaseUnavailableException;
import dev.rolegate.logging.ThrottledLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.jboss.logging.Logger;

/**
 * One delivery pass: claim due events, send each once, write each outcome, prune finished events past the retention
 * and refresh the backlog gauges. Safe on any number of replicas at once: a claimed event is invisible to the others'
 * passes until its outcome is written (or its claim lapses, when a replica died mid-pass: then it is sent again, with
 * the same webhook-id). Delivery is therefore at least once; there is no order between events beyond oldest first.
 */
@ApplicationScoped
public class WebhookDelivery {

    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);
    private static final String DELIVERIES = "rolegate.webhook.deliveries";

    private final Outbox outbox;
    private final WebhookSender sender;
    private final WebhookConfig config;
    private final RetryPolicy retries;
    private final DatabaseGuard database;
    private final Clock clock;
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();
    private final ThrottledLog warnings = new ThrottledLog(LOG, WARN_INTERVAL);
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    public WebhookDelivery(Outbox outbox, WebhookSender sender, WebhookConfig config, DatabaseGuard database, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.sender = sender;
        this.config = config;
        this.retries = RetryPolicy.of(config);
        this.database = database;
        this.clock = clock;
        this.delivered = outcome(meters, "delivered");
        this.retried = outcome(meters, "retried");
        this.failed = outcome(meters, "failed");
        Gauge.builder("rolegate.webhook.pending", pending, AtomicLong::get)
                .description("Portal events recorded but not yet delivered nor given up, as of this replica's latest pass").register(meters);
        Gauge.builder("rolegate.webhook.oldest.pending.age.seconds", oldestPendingSeconds, AtomicLong::get)
                .description("Age of the oldest portal event not yet delivered nor given up, as of this replica's latest pass (0 when none)")
                .register(meters);
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder(DELIVERIES).tag("outcome", outcome)
                .description("Webhook delivery attempts: delivered (2xx), retried (failed, tried again later), failed (given up)")
                .register(meters);
    }

    /** Runs one pass as {@code owner}; returns how many events it claimed. Never throws. */
    public int runOnce(String owner) {
        Optional<URI> url = config.url();
        if (url.isEmpty()) {
            return 0;
        }
        List<Outbox.Claimed> claimed;
        try {
            Instant now = clock.instant();
            claimed = database.call(() -> outbox.claim(owner, now, now.plus(config.lease()), config.batchSize()));
        } catch (RuntimeException e) {
            warnings.warnf("Webhook delivery pass skipped: %s", describe(e));
            return 0;
        }
        claimed.forEach(event -> deliver(url.get(), event, owner));
        housekeeping();
        return claimed.size();
    }

    private void deliver(URI url, Outbox.Claimed event, String owner) {
        WebhookSender.Attempt attempt = sender.send(url, event.webhookId(), event.payload(), clock.instant().getEpochSecond());
        try {
            Instant now = clock.instant();
            if (attempt.delivered()) {
                database.call(() -> outbox.delivered(event.id(), owner, now));
                delivered.increment();
                return;
            }
            Optional<Instant> next = retries.nextAttempt(event.attempts() + 1, event.createdAt(), now, random.getAsDouble());
            if (next.isPresent()) {
                database.call(() -> outbox.retryAt(event.id(), owner, next.get(), attempt.failure()));
                retried.increment();
                warnings.warnf("Webhook %s not delivered (%s); retrying at %s", event.webhookId(), attempt.failure(), next.get());
            } else {
                database.call(() -> outbox.failed(event.id(), owner, now, attempt.failure()));
                failed.increment();
                LOG.errorf("Webhook %s given up after %d attempts over %s: %s", event.webhookId(), event.attempts() + 1, config.maxAge(),
                        attempt.failure());
            }
        } catch (RuntimeException e) {
            // The outcome is lost with the database; the claim lapses and the event is sent again (at least once).
            warnings.warnf("Could not record the outcome of webhook %s: %s", event.webhookId(), describe(e));
        }
    }

    private void housekeeping() {
        try {
            Instant now = clock.instant();
            database.call(() -> outbox.prune(now.minus(config.retention())));
            Outbox.Backlog backlog = database.call(outbox::backlog);
            pending.set(backlog.pending());
            oldestPendingSeconds.set(backlog.oldest().map(oldest -> Math.max(0, Duration.between(oldest, now).toSeconds())).orElse(0L));
        } catch (RuntimeException e) {
            LOG.debugf("Webhook housekeeping skipped: %s", describe(e));
        }
    }

    /** Replaces the jitter source, for tests that assert exact retry times. */
    void useRandom(DoubleSupplier source) {
        this.random = source;
    }

    private static String describe(RuntimeException e) {
        return e instanceof DatabaseUnavailableException ? e.getMessage() : e.getClass().getSimpleName();
    }
}
