package dev.rolegate.notify;

import static dev.rolegate.testsupport.Await.awaitUntil;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

import dev.rolegate.testsupport.Deadlines;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.testsupport.Workers;
import dev.rolegate.worker.WorkerAuthenticationException;
import dev.rolegate.worker.WorkerTokenRevoked;
import dev.rolegate.worker.WorkerTokenVerifier;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

@QuarkusTest
class ChangeNotificationsTest {

    @Inject
    Event<WorkerTokenRevoked> revocations;
    @Inject
    WorkerTokenVerifier verifier;
    @Inject
    ChangeListener listener;
    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void listening() {
        awaitUntil("the replica listens", listener::listening);
    }

    @Test
    void aChangeIsAnnouncedOnlyWhenItsTransactionCommits() throws SQLException {
        UUID rolledBack = UUID.randomUUID();
        UUID committed = UUID.randomUUID();
        try (Connection otherReplica = connect()) {
            execute(otherReplica, "LISTEN " + ChangeNotices.CHANNEL);

            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                revocations.fire(new WorkerTokenRevoked(rolledBack, "p"));
                throw new IllegalStateException("the change fails after announcing it");
            })).hasMessageContaining("the change fails");
            QuarkusTransaction.requiringNew().run(() -> revocations.fire(new WorkerTokenRevoked(committed, "p")));

            // Notifications arrive in commit order, so had the rolled-back one been sent it would come first.
            List<String> received = new ArrayList<>();
            awaitUntil("the committed revocation is announced", () -> {
                received.addAll(poll(otherReplica));
                return !received.isEmpty();
            });
            assertThat(received).hasSize(1);
            ChangeNotices.Notice notice = ChangeNotices.decode(received.get(0)).orElseThrow();
            assertThat(notice.kind()).isEqualTo(ChangeNotices.Kind.WORKER_TOKEN_REVOKED);
            assertThat(notice.change()).isEqualTo(new WorkerTokenRevoked(committed, "p"));
        }
    }

    @Test
    void anotherReplicasRevocationDropsTheCachedToken() throws SQLException {
        String project = newProject();
        Workers.Token token = Workers.newToken(project);
        verifier.verify(token.secret(), Deadlines.soon());
        revokeBehindTheCachesBack(token);
        assertThat(verifier.verifiedFromMemory(token.secret())).as("still trusted from memory").isNotNull();

        try (Connection otherReplica = connect()) {
            notify(otherReplica, ChangeNotices.encode("other-replica", new WorkerTokenRevoked(UUID.fromString(token.id()), project)));
        }

        awaitUntil("the token is forgotten", () -> verifier.verifiedFromMemory(token.secret()) == null);
        assertThatThrownBy(() -> verifier.verify(token.secret(), Deadlines.soon()))
                .isInstanceOfSatisfying(WorkerAuthenticationException.class,
                        e -> assertThat(e.reason()).isEqualTo(WorkerAuthenticationException.Reason.REVOKED));
        given().get("/q/metrics").then().body(containsString("rolegate_notifications_received_total{kind=\"WORKER_TOKEN_REVOKED\""));
    }

    @Test
    void aKilledListeningConnectionIsReportedThenReopenedAndEverythingCachedIsForgotten() throws SQLException {
        String project = newProject();
        Workers.Token token = Workers.newToken(project);
        verifier.verify(token.secret(), Deadlines.soon());
        // Revoked while the replica cannot hear it: no notification, as if it were sent while disconnected.
        revokeBehindTheCachesBack(token);
        given().get("/q/health/group/notifications").then().statusCode(200);
        given().get("/q/metrics").then().body(containsString("rolegate_notifications_listening 1.0"));

        assertThat(Sql.queryLong(dataSource, "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = ?",
                ChangeListener.APPLICATION_NAME)).isEqualTo(1);

        awaitUntil("the replica reports it is not listening", () -> given().get("/q/health/group/notifications").statusCode() == 503);
        given().get("/q/metrics").then().body(containsString("rolegate_notifications_listening 0.0"));
        awaitUntil("the replica listens again", () -> given().get("/q/health/group/notifications").statusCode() == 200);
        assertThat(verifier.verifiedFromMemory(token.secret())).as("forgotten on reconnecting").isNull();
        assertThatThrownBy(() -> verifier.verify(token.secret(), Deadlines.soon())).isInstanceOf(WorkerAuthenticationException.class);
    }

    @Test
    void aNotificationThisReplicaCannotReadIsIgnored() throws SQLException {
        try (Connection otherReplica = connect()) {
            notify(otherReplica, "other-replica|NO_SUCH_KIND|x");
        }
        awaitUntil("the unreadable notification is counted",
                () -> given().get("/q/metrics").asString().contains("rolegate_notifications_received_total{kind=\"UNREADABLE\""));
        assertThat(listener.listening()).isTrue();
    }

    private void revokeBehindTheCachesBack(Workers.Token token) {
        assertThat(Sql.execute(dataSource, "update worker_token set revoked_at = now() where id = ?", UUID.fromString(token.id()))).isEqualTo(1);
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
    }

    private static void notify(Connection connection, String payload) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_notify(?, ?)")) {
            statement.setString(1, ChangeNotices.CHANNEL);
            statement.setString(2, payload);
            statement.execute();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> poll(Connection connection) {
        try {
            PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications(100);
            return received == null ? List.of() : List.of(received).stream().map(PGNotification::getParameter).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
