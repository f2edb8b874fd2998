package dev.rolegate.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's settings, read from {@code ROLEGATE_AGENT_*} environment variables. Every value is checked at start-up,
 * so a mistyped variable stops the agent with a message instead of surfacing as odd answers later.
 *
 * @param upstream          {@code ROLEGATE_AGENT_UPSTREAM_URL}, required: the central rolegate, e.g. {@code https://rolegate.rolegate.svc:8443}
 * @param listenHost        {@code ROLEGATE_AGENT_LISTEN_HOST}: where SDKs reach the agent. Default {@code 169.254.170.2}
 * @param listenPort        {@code ROLEGATE_AGENT_LISTEN_PORT}. Default 80
 * @param adminHost         {@code ROLEGATE_AGENT_ADMIN_HOST}: health and metrics. Default {@code 0.0.0.0}
 * @param adminPort         {@code ROLEGATE_AGENT_ADMIN_PORT}. Default 9911
 * @param caFile            {@code ROLEGATE_AGENT_UPSTREAM_CA_FILE}: PEM bundle trusted for the upstream; default the JVM trust store
 * @param clientCertFile    {@code ROLEGATE_AGENT_CLIENT_CERT_FILE}: PEM certificate chain for mTLS; optional, with the key
 * @param clientKeyFile     {@code ROLEGATE_AGENT_CLIENT_KEY_FILE}: PEM PKCS#8 private key for mTLS; optional, with the certificate
 * @param refreshWindow     {@code ROLEGATE_AGENT_REFRESH_WINDOW}: an SDK refreshes credentials this long before they expire, so
 *                          cached credentials are served only while more than this remains. Default {@code PT15M} (botocore's advisory window)
 * @param cacheMaxAge       {@code ROLEGATE_AGENT_CACHE_MAX_AGE}: the longest an answer is served from the cache, which bounds how long
 *                          a revoked token or withdrawn grant still gets new credentials through the agent. Default {@code PT5M}
 * @param cacheMaxEntries   {@code ROLEGATE_AGENT_CACHE_MAX_ENTRIES}: cached answers at most. Default 10000
 * @param upstreamTimeout   {@code ROLEGATE_AGENT_UPSTREAM_TIMEOUT}: how long one call to rolegate may take in all, connection
 *                          included; past it the caller gets 503. At most {@code PT8S}, so the answer always fits in the JDK
 *                          server's 10 s response limit. Default {@code PT5S} (rolegate's own request timeout)
 */
public record AgentConfig(URI upstream, String listenHost, int listenPort, String adminHost, int adminPort,
        Optional<Path> caFile, Optional<Path> clientCertFile, Optional<Path> clientKeyFile,
        Duration refreshWindow, Duration cacheMaxAge, int cacheMaxEntries, Duration upstreamTimeout) {

    static final String PREFIX = "ROLEGATE_AGENT_";
    /** The JDK server closes a connection whose answer takes longer than its response limit (10 s, set in Agent). */
    static final Duration MAX_UPSTREAM_TIMEOUT = Duration.ofSeconds(8);

    /** A setting that cannot be used; the message names the variable, never a secret (no setting is one). */
    public static final class InvalidConfigException extends RuntimeException {
        InvalidConfigException(String message) {
            super(message);
        }
    }

    public AgentConfig {
        if (clientCertFile.isPresent() != clientKeyFile.isPresent()) {
            throw new InvalidConfigException(PREFIX + "CLIENT_CERT_FILE and " + PREFIX + "CLIENT_KEY_FILE must be set together");
        }
        if (upstreamTimeout.compareTo(MAX_UPSTREAM_TIMEOUT) > 0) {
            throw new InvalidConfigException(PREFIX + "UPSTREAM_TIMEOUT must be at most " + MAX_UPSTREAM_TIMEOUT + ", got " + upstreamTimeout);
        }
        if ("http".equals(upstream.getScheme()) && !isLoopback(upstream.getHost())) {
            // Every pod's token crosses the network to rolegate: only a hop that never leaves the machine may be plain.
            throw new InvalidConfigException(PREFIX + "UPSTREAM_URL must be https unless it is a loopback address, got " + upstream);
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("[::1]") || host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}");
    }

    /** Reads the settings from {@code env}, e.g. {@link System#getenv()}. */
    public static AgentConfig fromEnvironment(Map<String, String> env) {
        Reader read = new Reader(env);
        return new AgentConfig(read.upstream(), read.text("LISTEN_HOST", "169.254.170.2"), read.port("LISTEN_PORT", 80),
                read.text("ADMIN_HOST", "0.0.0.0"), read.port("ADMIN_PORT", 9911),
                read.path("UPSTREAM_CA_FILE"), read.path("CLIENT_CERT_FILE"), read.path("CLIENT_KEY_FILE"),
                read.duration("REFRESH_WINDOW", "PT15M"), read.duration("CACHE_MAX_AGE", "PT5M"),
                read.positiveInt("CACHE_MAX_ENTRIES", 10_000), read.duration("UPSTREAM_TIMEOUT", "PT5S"));
    }

    private record Reader(Map<String, String> env) {

        String text(String name, String fallback) {
            String value = env.get(PREFIX + name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        URI upstream() {
            String value = text("UPSTREAM_URL", "");
            if (value.isEmpty()) {
                throw new InvalidConfigException(PREFIX + "UPSTREAM_URL is required: the central rolegate, e.g. https://rolegate.rolegate.svc:8443");
            }
            try {
                URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
                if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s) URL with a host");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(PREFIX + "UPSTREAM_URL '" + value + "' is not usable: " + e.getMessage());
            }
        }

        int port(String name, int fallback) {
            int port = integer(name, fallback);
            if (port < 0 || port > 65535) {
                throw new InvalidConfigException(PREFIX + name + " must be a port number (0-65535), got " + port);
            }
            return port;
        }

        int positiveInt(String name, int fallback) {
            int value = integer(name, fallback);
            if (value < 1) {
                throw new InvalidConfigException(PREFIX + name + " must be positive, got " + value);
            }
            return value;
        }

        private int integer(String name, int fallback) {
            String value = text(name, String.valueOf(fallback));
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(PREFIX + name + " must be a whole number, got '" + value + "'");
            }
        }

        Duration duration(String name, String fallback) {
            String value = text(name, fallback);
            try {
                Duration duration = Duration.parse(value);
                if (duration.isNegative() || duration.isZero()) {
                    throw new InvalidConfigException(PREFIX + name + " must be positive, got " + value);
                }
                return duration;
            } catch (DateTimeParseException e) {
                throw new InvalidConfigException(PREFIX + name + " must be an ISO-8601 duration such as PT5M, got '" + value + "'");
            }
        }

        Optional<Path> path(String name) {
            String value = text(name, "");
            return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
        }
    }
}
