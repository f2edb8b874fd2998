package dev.rolegate.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An embedded PostgreSQL that a test can stop and start again: same data directory, same port, so an
 * application pointed at it sees one database go away and come back with its data. Stopping is
 * {@code pg_ctl stop -m fast}, as an operator or a failover would: open connections are cut and new
 * ones are refused until {@link #start()}.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres running;

    private RestartablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** A new cluster in a fresh directory on a free loopback port, already running. */
    public static RestartablePostgres start() throws IOException {
        RestartablePostgres postgres = new RestartablePostgres(Files.createTempDirectory("rolegate-restartable-pg"), freePort());
        postgres.startAgain();
        return postgres;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return running != null;
    }

    /** Stops the server (fast shutdown: sessions are terminated); returns once it no longer accepts connections. */
    public synchronized void stop() throws IOException {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /** Starts the server again on the same data and port; returns once it answers queries. */
    public synchronized void startAgain() throws IOException {
        if (running == null) {
            running = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // As in dev and tests (devdb/ZonkyLauncher): commits wait for their WAL write (fsync stays off, as the library sets it).
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("wal_init_zero", "off")
                    .start();
        }
    }

    /** Connections as the superuser to the database the application uses; they fail while the server is stopped. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"localhost"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        ds.setConnectTimeout(5);
        return ds;
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    /** Stops the server and deletes its data. */
    @Override
    public synchronized void close() throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
