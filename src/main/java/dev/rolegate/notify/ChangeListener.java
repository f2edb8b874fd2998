package dev.rolegate.notify;

import dev.rolegate.logging.ThrottledLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens for other replicas' changes on one connection of its own, outside the pool (a pooled connection would be
 * handed to others and stop listening), on a daemon thread. When the connection drops it reconnects with backoff;
 * notifications sent meanwhile are lost, so once listening again it drops everything cached. Until then the
 * caches' own bound applies.
 */
@ApplicationScoped
public class ChangeListener {

    /** Names the connection in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "rolegate-notifications";

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);
    private static final int POLL_MILLIS = 250;

    private final NotificationsConfig config;
    private final RemoteChanges changes;
    private final String jdbcUrl;
    private final Optional<String> username;
    private final Optional<String> password;
    private final ThrottledLog failures = new ThrottledLog(LOG, Duration.ofSeconds(30));
    private final AtomicBoolean listening = new AtomicBoolean();
    private volatile boolean running;
    private volatile Thread thread;

    public ChangeListener(NotificationsConfig config, RemoteChanges changes, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.config = config;
        this.changes = changes;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        meters.gauge("rolegate.notifications.listening", listening, state -> state.get() ? 1 : 0);
    }

    void start(@Observes StartupEvent start) {
        if (!config.enabled()) {
            LOG.info("Change notifications are off: other replicas' changes take effect here when cached entries expire");
            return;
        }
        running = true;
        thread = new Thread(this::run, "rolegate-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent stop) {
        running = false;
        Thread listener = thread;
        if (listener != null) {
            listener.interrupt();
        }
    }

    /** True while notifications are being received. */
    public boolean listening() {
        return listening.get();
    }

    public boolean enabled() {
        return config.enabled();
    }

    private void run() {
        Duration backoff = config.reconnectBackoff();
        while (running) {
            long listenedSince = 0;
            try (Connection connection = open()) {
                listen(connection);
                listenedSince = System.nanoTime();
                receive(connection.unwrap(PGConnection.class), connection);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    failures.warnf("Not listening for other replicas' changes (retrying in %s; cached entries are trusted for their own bound meanwhile): %s",
                            backoff, e.getClass().getName());
                }
            } finally {
                listening.set(false);
            }
            // Back off afresh only after a connection that lasted: one that flaps would otherwise drop every cache each time.
            if (listenedSince != 0 && System.nanoTime() - listenedSince >= config.checkInterval().toNanos()) {
                backoff = config.reconnectBackoff();
            }
            if (!sleep(jittered(backoff))) {
                return;
            }
            backoff = min(backoff.multipliedBy(2), config.reconnectMaxBackoff());
        }
    }

    private Connection open() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(user -> properties.setProperty("user", user));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, config.connectTimeout().toSeconds())));
        Connection connection = new org.postgresql.Driver().connect(jdbcUrl, properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept the datasource URL");
        }
        return connection;
    }

    /**
     * Listens, then drops everything cached: changes may have been announced while this replica was not listening.
     * Only then does it report listening, so whoever sees it listening sees nothing cached from before.
     */
    private void listen(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + ChangeNotices.CHANNEL);
        }
        changes.forgetEverything();
        listening.set(true);
        LOG.info("Listening for other replicas' changes");
    }

    private void receive(PGConnection notifications, Connection connection) throws SQLException {
        long checkNanos = config.checkInterval().toNanos();
        long nextCheck = System.nanoTime() + checkNanos;
        while (running) {
            PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
            if (received != null) {
                for (PGNotification notification : received) {
                    changes.apply(notification.getParameter());
                }
            }
            if (System.nanoTime() - nextCheck >= 0) {
                if (!connection.isValid(Math.max(1, (int) config.connectTimeout().toSeconds()))) {
                    throw new SQLException("the listening connection no longer answers");
                }
                nextCheck = System.nanoTime() + checkNanos;
            }
        }
    }

    private static Duration jittered(Duration backoff) {
        long millis = backoff.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** False when interrupted by shutdown. */
    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
