package dev.rolegate.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Portal events sent as Standard Webhooks (README, "Portal events"). Off while {@link #url()} is unset: then no event
 * is recorded at all. Validated at start-up by {@link WebhookSigner}.
 */
@ConfigMapping(prefix = "rolegate.webhooks")
public interface WebhookConfig {

    /** Where events are POSTed, an {@code http} or {@code https} URL. Unset (the default): webhooks are off. */
    Optional<URI> url();

    /**
     * Signing secrets, each {@code whsec_} followed by the Base64 of 24 to 64 random bytes; required with {@link #url()}.
     * Every request carries one signature per secret, so the receiver can move to a new secret while both are listed.
     * Never logged. No default.
     */
    Optional<List<String>> secrets();

    /** One delivery attempt, connection included, until the receiver's status line. Default 10 s. */
    @WithDefault("10s")
    Duration timeout();

    /** How often each replica looks for events due for delivery. Default 2 s. */
    @WithDefault("2s")
    Duration tick();

    /** Most events one replica claims per pass; they are sent one after another. Default 20. */
    @WithDefault("20")
    int batchSize();

    /** First wait after a failed attempt; doubles per attempt, jittered down to half. Default 5 s. */
    @WithDefault("5s")
    Duration retryBaseDelay();

    /** Longest wait between attempts. Default 30 min. */
    @WithDefault("30m")
    Duration retryMaxDelay();

    /** An event not delivered this long after it occurred is marked failed and no longer sent. Default 24 h. */
    @WithDefault("24h")
    Duration maxAge();

    /** Delivered and failed events are deleted this long after they finished. Default 7 days. */
    @WithDefault("7d")
    Duration retention();

    /**
     * A session refresh "keeps failing" at this many consecutive failed refreshes (with the session engine's default backoff, 5
     * in a row span under a minute); the event fires once per episode, which ends at the next successful refresh. Default 5.
     */
    @WithDefault("5")
    int sessionFailureThreshold();

    /**
     * The longest one outcome write (delivered, retry or failed) may take: waiting for a pooled connection, then the
     * statement. Default 12 s, the datasource's acquisition timeout (2 s) plus its statement timeout (10 s) in
     * application.properties; raise it with them.
     */
    @WithDefault("12s")
    Duration outcomeWriteTimeout();

    /**
     * How long a pass's claim on its events lasts: a replica that dies mid-pass delays them by at most this. Each event
     * may take the timeout twice (connecting, then waiting for the answer) and then its outcome write, so a pass of slow
     * sends against a slow database still ends within it; a pass stops sending, and releases the rest, when another
     * event would not fit in what is left of it.
     */
    default Duration lease() {
        return perEvent().multipliedBy(batchSize()).plusSeconds(30);
    }

    /** The longest one event of a pass may take: two timeouts for the send, then its outcome write. */
    default Duration perEvent() {
        return timeout().multipliedBy(2).plus(outcomeWriteTimeout());
    }
}
