package dev.rolegate.devdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * Starts one embedded PostgreSQL per JVM. The URL is kept in a system property because dev-mode
 * live reload and test profile restarts load this class again in a fresh class loader.
 */
final class EmbeddedPostgresHolder {

    static final String USER = "postgres";
    private static final String URL_PROPERTY = "rolegate.devdb.jdbc-url";
    private static final String ZONKY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresHolder.class);

    private EmbeddedPostgresHolder() {
    }

    static boolean available() {
        try {
            Class.forName(ZONKY_CLASS, false, EmbeddedPostgresHolder.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static synchronized String jdbcUrl() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null) {
            url = start();
            System.setProperty(URL_PROPERTY, url);
        }
        return url;
    }

    private static String start() {
        try {
            String url = ZonkyLauncher.start(USER);
            LOG.infof("Started embedded PostgreSQL for dev/test at %s", url);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL for dev/test", e);
        }
    }
}
