package dev.rolegate.audit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The exporter refuses to start with a settle lag that a late commit could outlast, or a chunk it cannot bound. */
class AuditExporterConfigTest {

    private static final AuditConfig FIVE_SECOND_COMMITS = TestAuditConfig.of(500, 10_000, Duration.ofSeconds(5));

    record Export(Duration settleLag, int chunkSize) implements AuditExportConfig {
    }

    @Test
    void defaultsAreAccepted() {
        assertThatCode(() -> AuditExporter.validate(new Export(Duration.ofSeconds(15), 1000), FIVE_SECOND_COMMITS)).doesNotThrowAnyException();
    }

    @Test
    void settleLagNotLongerThanTheCommitTimeoutIsRefused() {
        assertThatThrownBy(() -> AuditExporter.validate(new Export(Duration.ofSeconds(5), 1000), FIVE_SECOND_COMMITS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("settle-lag");
    }

    @Test
    void chunkSizeOutsideItsBoundsIsRefused() {
        assertThatThrownBy(() -> AuditExporter.validate(new Export(Duration.ofSeconds(15), 0), FIVE_SECOND_COMMITS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chunk-size");
        assertThatThrownBy(() -> AuditExporter.validate(new Export(Duration.ofSeconds(15), AuditExporter.MAX_CHUNK + 1), FIVE_SECOND_COMMITS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chunk-size");
    }
}
