package dev.rolegate.bench;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rolegate.crypto.SecretBox;
import dev.rolegate.crypto.TestSecretBoxes;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.PackagedApp;
import dev.rolegate.testsupport.PackagedBroker;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link BrokerLoadBenchmark}'s phases and figures against the packaged production jar (target/quarkus-app, prod
 * profile) on a PostgreSQL of your choice, by default Debian's PostgreSQL 15 on 127.0.0.1:5432 as production runs it.
 * The database is dedicated to this benchmark: its {@code public} schema is dropped and re-created before each run, and
 * the application migrates it from scratch, so a database whose name does not end in {@code _bench} is refused.
 * Create it once, as the cluster's superuser: {@code su postgres -c "createdb -O rolegate rolegate_bench"}.
 *
 * <p>Not part of {@code ./mvnw verify} (the name ends in neither Test nor IT). Needs wrk on the PATH. One command
 * builds the package and runs it:
 *
 * <pre>./mvnw verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PackagedBrokerLoadBenchmark</pre>
 *
 * Properties: {@code bench.jdbc.url} (default {@code jdbc:postgresql://127.0.0.1:5432/rolegate_bench}),
 * {@code bench.jdbc.user} and {@code bench.jdbc.password} (default {@code rolegate} for both), and
 * {@code bench.env.<NAME>=<value>} to add or override one environment variable of the application (for example
 * {@code -Dbench.env.QUARKUS_HTTP_ACCESS_LOG_ENABLED=false}); plus {@link HotPathRun}'s {@code bench.wrk.duration},
 * {@code bench.wrk.warm-up} and {@code bench.audit.writers}. Loopback only; about 2.5 min with the default durations.
 */
class PackagedBrokerLoadBenchmark {

    private static final String JDBC_URL = System.getProperty("bench.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/rolegate_bench");
    private static final String JDBC_USER = System.getProperty("bench.jdbc.user", "rolegate");
    private static final String JDBC_PASSWORD = System.getProperty("bench.jdbc.password", "rolegate");
    private static final String ENV_PREFIX = "bench.env.";
    private static final String KEY_ID = "k1";

    @Test
    void hotPathOnTheProductionJar() throws Exception {
        DataSource database = dataSource();
        recreateSchema(database);
        FakeSts sts = new FakeSts();
        WireMockServer stsServer = FakeStsResource.serve(sts);
        Path accessLogs = Files.createTempDirectory("rolegate-bench-access-log");
        try {
            Map<String, String> env = environment(stsServer.port(), accessLogs);
            SecretBox secrets = TestSecretBoxes.withKey(KEY_ID, env.get("ROLEGATE_CRYPTO_KEYS_K1"));
            try (PackagedApp app = PackagedApp.start(env)) {
                int port = app.awaitPort(90);
                RestAssured.baseURI = "http://127.0.0.1";
                RestAssured.port = port;
                new HotPathRun(port, database, secrets, sts).runAndCheck(setup(), "broker-load-packaged.txt");
            }
        } finally {
            RestAssured.reset();
            stsServer.stop();
            delete(accessLogs);
        }
    }

    /**
     * Production settings with three departures that do not touch the hot path: the HTTP server listens on loopback
     * only; the access log goes to a file rather than the console, which the test would otherwise have to read and
     * keep; and there is no shutdown delay (it only holds the end of the run for 10 s).
     */
    private static Map<String, String> environment(int stsPort, Path accessLogs) {
        Map<String, String> env = PackagedBroker.environment(0, stsPort);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", JDBC_URL);
        env.put("QUARKUS_DATASOURCE_USERNAME", JDBC_USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", JDBC_PASSWORD);
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_ACCESS_LOG_LOG_TO_FILE", "true");
        env.put("QUARKUS_HTTP_ACCESS_LOG_LOG_DIRECTORY", accessLogs.toString());
        env.put("QUARKUS_SHUTDOWN_DELAY_ENABLED", "false");
        String writers = System.getProperty("bench.audit.writers");
        if (writers != null) {
            env.put("ROLEGATE_AUDIT_WRITERS", writers);
        }
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(ENV_PREFIX))
                .forEach(name -> env.put(name.substring(ENV_PREFIX.length()), System.getProperty(name)));
        return env;
    }

    private static String setup() {
        String overrides = System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(ENV_PREFIX)).sorted()
                .map(name -> name.substring(ENV_PREFIX.length()) + "=" + System.getProperty(name)).reduce((a, b) -> a + ", " + b).orElse("none");
        return "packaged jar " + PackagedApp.APP.resolve("quarkus-run.jar") + " (prod profile, access log to a file, Java " + System.getProperty("java.version")
                + ", no JVM options, " + Runtime.getRuntime().availableProcessors() + " CPUs) on " + JDBC_URL + " as " + JDBC_USER + "; environment overrides: " + overrides;
    }

    private static DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(JDBC_URL);
        ds.setUser(JDBC_USER);
        ds.setPassword(JDBC_PASSWORD);
        ds.setConnectTimeout(5);
        return ds;
    }

    /** A fresh, empty public schema, so the application migrates every version as on a first deployment. */
    private static void recreateSchema(DataSource database) throws SQLException {
        try (Connection c = database.getConnection(); Statement statement = c.createStatement()) {
            String name = c.getCatalog();
            if (!name.endsWith("_bench")) {
                throw new IllegalStateException("refusing to drop the schema of database '" + name + "': its name does not end in _bench");
            }
            statement.execute("drop schema if exists public cascade");
            statement.execute("create schema public");
        }
    }

    private static void delete(Path directory) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
