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
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.jboss.logging.Logger;

/**
 * One delivery pass: claim due events, send each once, write each outcome, prune finished events past the retention
 * and refresh the backlog gauges. Safe on any number of replicas at once: a claimed event is invisible to the others'
 * passes until its outcome is written (or its claim lapses, when a replica died mid-pass: then it is sent again, with
 * the same webhook-id). Delivery is therefore at least once; there is no order between events beyond oldest first.
 * At shutdown a pass stops sending and hands its unsent claims back, so another replica sends them at once and they
 * are not counted as failed attempts.
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
        if (url.isEmpty() || sender.stopping()) {
            return 0;
        }
        Instant leaseUntil;
        List<Outbox.Claimed> claimed;
        try {
            Instant now = clock.instant();
            leaseUntil = now.plus(config.lease());
            claimed = database.call(() -> outbox.claim(owner, now, leaseUntil, config.batchSize()));
        } catch (RuntimeException e) {
            warnings.warnf("Webhook delivery pass skipped: %s", describe(e));
            return 0;
        }
        deliverAll(url.get(), claimed, owner, leaseUntil);
        housekeeping();
        return claimed.size();
    }

    /** Sends the claimed events in turn; at shutdown, or when the next would outlast the claim, releases the rest instead. */
    private void deliverAll(URI url, List<Outbox.Claimed> claimed, String owner, Instant leaseUntil) {
        for (int i = 0; i < claimed.size(); i++) {
            if (sender.stopping() || clock.instant().plus(config.perEvent()).isAfter(leaseUntil)) {
                release(claimed.subList(i, claimed.size()), owner);
                return;
            }
            deliverSafely(url, claimed.get(i), owner);
        }
    }

    private void deliverSafely(URI url, Outbox.Claimed event, String owner) {
        try {
            deliver(url, event, owner);
        } catch (RuntimeException e) {
            // Not knowing how the attempt went, leave the claim to lapse: the event is sent again then, like any retry.
            warnings.warnf("Webhook %s: outcome unknown (%s); sent again when its claim lapses", event.webhookId(), describe(e));
        }
    }

    private void deliver(URI url, Outbox.Claimed event, String owner) {
        WebhookSender.Attempt attempt = sender.send(url, event.webhookId(), event.payload(), clock.instant().getEpochSecond());
        if (attempt.result() == WebhookSender.Result.NOT_SENT) {
            release(List.of(event), owner);
            return;
        }
        try {
            Instant now = clock.instant();
            if (attempt.delivered()) {
                recorded(event, database.call(() -> outbox.delivered(event.id(), owner, now)), delivered);
            } else {
                notDelivered(event, owner, attempt.failure(), now);
            }
        } catch (RuntimeException e) {
            // The outcome is lost with the database; the claim lapses and the event is sent again (at least once).
            warnings.warnf("Could not record the outcome of webhook %s: %s", event.webhookId(), describe(e));
        }
    }

    private void notDelivered(Outbox.Claimed event, String owner, String failure, Instant now) {
        Optional<Instant> next = retries.nextAttempt(event.attempts() + 1, event.createdAt(), now, random.getAsDouble());
        if (next.isPresent()) {
            if (recorded(event, database.call(() -> outbox.retryAt(event.id(), owner, next.get(), failure)), retried)) {
                warnings.warnf("Webhook %s not delivered (%s); retrying at %s", event.webhookId(), failure, next.get());
            }
        } else if (recorded(event, database.call(() -> outbox.failed(event.id(), owner, now, failure)), failed)) {
            LOG.errorf("Webhook %s given up after %d attempts over %s: %s", event.webhookId(), event.attempts() + 1, config.maxAge(), failure);
        }
    }

    /**
     * Counts an outcome that took effect. One that did not means the claim lapsed mid-pass and another replica took the
     * event: its outcome is that replica's to record, so this one is neither counted nor logged as such.
     */
    private boolean recorded(Outbox.Claimed event, boolean tookEffect, Counter outcome) {
        if (tookEffect) {
            outcome.increment();
        } else {
            warnings.warnf("Webhook %s: the claim lapsed before its outcome was written; another replica owns it now", event.webhookId());
        }
        return tookEffect;
    }

    /** Hands back claims on events this pass will not send, due at once and without counting an attempt. */
    private void release(List<Outbox.Claimed> events, String owner) {
        List<UUID> ids = events.stream().map(Outbox.Claimed::id).toList();
        try {
            Instant now = clock.instant();
            int released = database.call(() -> outbox.release(ids, owner, now));
            LOG.debugf("Released %d unsent webhook claims", released);
        } catch (RuntimeException e) {
            warnings.warnf("Could not release %d unsent webhook claims (%s); they are sent when the claims lapse", ids.size(), describe(e));
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
