package dev.rolegate.aws;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** How rolegate reaches AWS STS. rolegate's own credentials come from the SDK's default chain. */
@ConfigMapping(prefix = "rolegate.sts")
public interface StsConfig {

    /**
     * Replaces the regional endpoint {@code https://sts.<region>.amazonaws.com} for every region.
     * Tests point it at a fake STS; leave it unset in production.
     */
    Optional<URI> endpointOverride();

    /** Attempts per STS call, including the first. Throttling, 5xx, timeouts and resets are retried. Default 4. */
    @WithDefault("4")
    int maxAttempts();

    /** Base delay of the full-jitter exponential backoff between attempts. Default 100 ms. */
    @WithDefault("PT0.1S")
    Duration baseBackoff();

    /** Cap on a single backoff delay. Default 5 s. */
    @WithDefault("PT5S")
    Duration maxBackoff();

    /**
     * Time limit for one HTTP attempt. Default 2 s. Real STS answers in tens of milliseconds and well under a
     * second at worst, so an attempt still silent after 2 s is almost always stuck (a dead connection, a lost
     * packet) and a fresh attempt does better than waiting. It is kept below {@link #interactiveCallTimeout()}
     * so that a caller who waits still gets a second attempt.
     */
    @WithDefault("PT2S")
    Duration attemptTimeout();

    /**
     * Time limit for a whole call, retries included, when nobody waits for it (background refreshes). Also the
     * ceiling of any budget a caller passes. Default 20 s.
     */
    @WithDefault("PT20S")
    Duration callTimeout();

    /**
     * The budget for a whole call, retries included, that callers who wait should pass to {@link StsGateway}
     * (a cold credential request, a manual verify, the health probe): an STS outage then costs them this long,
     * not {@link #callTimeout()}. Default 4 s.
     */
    @WithDefault("PT4S")
    Duration interactiveCallTimeout();

    /**
     * How often {@link StsHealthProbe} checks regions whose latest STS call failed, and how old that failure must
     * be before it calls GetCallerIdentity there with rolegate's own credentials. Nothing is called while every
     * region is healthy. Default 30 s.
     */
    @WithDefault("30s")
    Duration healthProbeInterval();

    /**
     * Whether rolegate's own credentials may come from EC2 instance metadata (the last link of the SDK's
     * default chain). Off in dev and test, where no instance exists and the lookup would leave the machine. Default true.
     */
    @WithDefault("true")
    boolean instanceMetadataEnabled();

    /** TCP connect timeout. Default 2 s. */
    @WithDefault("PT2S")
    Duration connectTimeout();
}
