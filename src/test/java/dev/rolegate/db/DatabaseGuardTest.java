package dev.rolegate.db;

import static dev.rolegate.testsupport.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database circuit breaker on a pretend datasource: what opens it, what it refuses, and how it closes. A
 * QuarkusTest only because SmallRye Fault Tolerance's guards need its runtime.
 */
@QuarkusTest
class DatabaseGuardTest {

    private static final SQLException CONNECTION_REFUSED = new SQLException("Connection to localhost:5432 refused", "08001");
    private static final SQLException LOCK_TIMEOUT = new SQLException("canceling statement due to lock timeout", "55P03");

    private final AgroalDataSource dataSource = mock(AgroalDataSource.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DatabaseGuard guard;

    @BeforeEach
    void guardWithAShortDelay() throws SQLException {
        when(dataSource.getConnection()).thenThrow(CONNECTION_REFUSED);
        guard = new DatabaseGuard(new TestConfig(4, 0.5, Duration.ofMillis(100)), dataSource, meters);
    }

    @AfterEach
    void stopProbing() {
        guard.stop();
    }

    @Test
    void anOutageOpensTheCircuitAndThenWorkIsRefusedWithoutRunning() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> guard.call(() -> { throw CONNECTION_REFUSED; }))
                    .isInstanceOfSatisfying(DatabaseUnavailableException.class, e -> assertThat(e.failure()).isEqualTo(DatabaseFailure.OUTAGE));
        }
        AtomicInteger ran = new AtomicInteger();

        assertThatThrownBy(() -> guard.call(ran::incrementAndGet)).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(ran).hasValue(0);
        assertThat(guard.isAvailable()).isFalse();
        assertThat(meters.get("rolegate.database.refusals").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("rolegate.database.circuit.open").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void theProbeClosesTheCircuitOnceTheDatabaseAnswersAgain() throws SQLException {
        open();
        Connection healthy = mock(Connection.class);
        when(healthy.isValid(anyInt())).thenReturn(true);
        doReturn(healthy).when(dataSource).getConnection();

        awaitUntil("a probe reaches the database", guard::isAvailable);

        assertThat(guard.call(() -> "served")).isEqualTo("served");
    }

    @Test
    void whileTheDatabaseStaysDownTheProbeKeepsTheCircuitOpen() throws Exception {
        open();

        Thread.sleep(500); // several probe periods, every probe refused

        assertThat(guard.isAvailable()).isFalse();
    }

    @Test
    void lockTimeoutsAreRefusedAsBusyButNeverOpenTheCircuit() {
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> guard.call(() -> { throw LOCK_TIMEOUT; }))
                    .isInstanceOfSatisfying(DatabaseUnavailableException.class, e -> assertThat(e.failure()).isEqualTo(DatabaseFailure.BUSY));
        }

        assertThat(guard.isAvailable()).isTrue();
    }

    @Test
    void otherFailuresPassThroughAsTheyAreAndLeaveTheCircuitClosed() {
        IllegalArgumentException bug = new IllegalArgumentException("not a database problem");
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> guard.call(() -> { throw bug; })).isSameAs(bug);
        }

        assertThat(guard.isAvailable()).isTrue();
    }

    @Test
    void aCallInsideAGuardedCallIsCountedOnceAndNotRefusedSeparately() {
        assertThatThrownBy(() -> guard.call(() -> guard.call(() -> { throw CONNECTION_REFUSED; }))).isInstanceOf(DatabaseUnavailableException.class);
        for (int i = 0; i < 3; i++) {
            assertThat(guard.call(() -> guard.call(() -> "fine"))).isEqualTo("fine");
        }

        assertThat(guard.isAvailable()).as("one outage in four calls; had inner calls counted, two in the first four would have opened it").isTrue();
    }

    @Test
    void aBreakerThatCouldNeverOpenOrAProbeThatWouldSpinIsRefused() {
        assertThatThrownBy(() -> DatabaseGuard.validate(new TestConfig(0, 0.5, Duration.ofSeconds(1)))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> DatabaseGuard.validate(new TestConfig(4, 0, Duration.ofSeconds(1)))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> DatabaseGuard.validate(new TestConfig(4, 1.5, Duration.ofSeconds(1)))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> DatabaseGuard.validate(new TestConfig(4, 0.5, Duration.ofMillis(10)))).isInstanceOf(IllegalStateException.class);
    }

    private void open() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> guard.call(() -> { throw CONNECTION_REFUSED; })).isInstanceOf(DatabaseUnavailableException.class);
        }
        assertThat(guard.isAvailable()).isFalse();
    }

    private record TestConfig(int window, double failureRatio, Duration delay) implements DatabaseConfig, DatabaseConfig.Circuit {

        @Override
        public Circuit circuit() {
            return this;
        }
    }
}
