package dev.rolegate.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One export being written: NDJSON, one entry per line, each line ending in a newline. Between chunks it holds only
 * the last position. A client that went away ends the loop before the next read: writes to a closed connection
 * do not fail (Vert.x drops them), so the connection is asked. A failed read ends it too, and is rethrown so
 * that the connection is reset before the chunked body's end: the client sees a truncated transfer, never a
 * clean end, and resumes after the last complete line.
 */
public final class AuditExport implements StreamingOutput {

    private static final Logger LOG = Logger.getLogger(AuditExport.class);
    private static final int NEWLINE = '\n';

    private final AuditExporter exporter;
    private final AuditFilter filter;
    private final Instant until;
    private final ObjectMapper json;
    private final BooleanSupplier clientGone;
    private List<AuditEventView> chunk;

    AuditExport(AuditExporter exporter, AuditFilter filter, Instant until, List<AuditEventView> first, ObjectMapper json, BooleanSupplier clientGone) {
        this.exporter = exporter;
        this.filter = filter;
        this.until = until;
        this.chunk = first;
        this.json = json;
        this.clientGone = clientGone;
    }

    /** Where the export ends (exclusive): a later export from here, or after the last cursor, misses nothing. */
    public Instant until() {
        return until;
    }

    @Override
    public void write(OutputStream output) {
        long written = 0;
        try {
            while (true) {
                for (AuditEventView entry : chunk) {
                    output.write(json.writeValueAsBytes(entry));
                    output.write(NEWLINE);
                }
                output.flush();
                written += chunk.size();
                if (chunk.size() < exporter.chunkSize()) {
                    return;
                }
                if (clientGone.getAsBoolean()) {
                    LOG.debugf("Audit export stopped after %d entries: the client closed the connection", written);
                    return;
                }
                AuditCursor last = chunk.get(chunk.size() - 1).position();
                chunk = List.of(); // lets the chunk written go before the next is read: one chunk in memory, not two
                chunk = exporter.read(filter, last, until);
            }
        } catch (IOException connectionLost) {
            // Nobody is left to answer, and a client hanging up is no server error: end quietly.
            LOG.debugf("Audit export stopped after %d entries: the connection failed (%s)", written, connectionLost.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf("Audit export cut short after %d entries: %s", written, e.getMessage());
            throw e;
        }
    }
}
