package dev.rolegate.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Exports the audit oldest first, in chunks of {@code rolegate.audit.export.chunk-size} entries, each read by its own
 * keyset query, so memory stays flat however many entries match. An export ends at now minus the settle lag
 * ({@link AuditExportConfig#settleLag()}), so every entry before its end has committed and resuming after its
 * last cursor never skips one.
 */
@Startup // validates its configuration now, not at the first export
@ApplicationScoped
public class AuditExporter {

    static final int MAX_CHUNK = 10_000;

    private final AuditQueryService audit;
    private final AuditExportConfig config;
    private final Clock clock;
    private final ObjectMapper json;
    private final Counter reads;
    private final Counter entries;

    public AuditExporter(AuditQueryService audit, AuditExportConfig config, AuditConfig auditConfig, Clock clock, ObjectMapper json, MeterRegistry meters) {
        validate(config, auditConfig);
        this.audit = audit;
        this.config = config;
        this.clock = clock;
        this.json = json;
        this.reads = Counter.builder("rolegate.audit.export.reads").description("Chunk queries run by audit exports").register(meters);
        this.entries = Counter.builder("rolegate.audit.export.entries").description("Audit entries read by exports").register(meters);
    }

    /**
     * Fixes where the export ends and reads its first chunk now, so that a database failure before the first byte
     * is still an ordinary 503 problem response. {@code connection} says when to stop reading.
     */
    public AuditExport open(AuditFilter filter, AuditCursor after, ExportConnection connection) {
        Instant until = until(filter);
        return new AuditExport(this, filter, until, read(filter, after, until), json, connection);
    }

    /** Now minus the settle lag, or the filter's {@code to} if that is earlier. */
    Instant until(AuditFilter filter) {
        Instant settled = clock.instant().minus(config.settleLag());
        return filter.to() != null && filter.to().isBefore(settled) ? filter.to() : settled;
    }

    List<AuditEventView> read(AuditFilter filter, AuditCursor after, Instant until) {
        reads.increment();
        List<AuditEventView> chunk = audit.oldestFirst(filter, after, until, config.chunkSize());
        entries.increment(chunk.size());
        return chunk;
    }

    int chunkSize() {
        return config.chunkSize();
    }

    /** A lag the commit timeout can outlast would let a resumed export skip entries; refuse to start instead. */
    static void validate(AuditExportConfig config, AuditConfig auditConfig) {
        if (config.settleLag().compareTo(auditConfig.commitTimeout()) <= 0) {
            throw new IllegalStateException("rolegate.audit.export.settle-lag must exceed rolegate.audit.commit-timeout ("
                    + auditConfig.commitTimeout() + ")");
        }
        if (config.chunkSize() < 1 || config.chunkSize() > MAX_CHUNK) {
            throw new IllegalStateException("rolegate.audit.export.chunk-size must be from 1 to " + MAX_CHUNK);
        }
    }
}
