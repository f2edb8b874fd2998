package dev.rolegate.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rolegate.db.DatabaseUnavailableException;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One export being written: NDJSON, one entry per line, each line ending in a newline. Between chunks it holds only
 * the last position. A client that went away ends the loop before the next read: writes to a closed connection
 * do not fail (Vert.x drops them), so the connection is asked. A failed read ends it too: a last line says why
 * ({@code {"error":{...}}}, a problem without an entry's fields), and the connection is dropped before the chunked
 * body's end. A client thus sees an error line, a truncated transfer or both, never what looks like a complete
 * export, and resumes after the last entry's cursor.
 */
public final class AuditExport implements StreamingOutput {

    private static final Logger LOG = Logger.getLogger(AuditExport.class);
    private static final int NEWLINE = '\n';

    private final AuditExporter exporter;
    private final AuditFilter filter;
    private final Instant until;
    private final ObjectMapper json;
    private final ExportConnection connection;
    private List<AuditEventView> chunk;

    AuditExport(AuditExporter exporter, AuditFilter filter, Instant until, List<AuditEventView> first, ObjectMapper json, ExportConnection connection) {
        this.exporter = exporter;
        this.filter = filter;
        this.until = until;
        this.chunk = first;
        this.json = json;
        this.connection = connection;
    }

    /** Where the export ends (exclusive): a later export from here, or after the last cursor, misses nothing. */
    public Instant until() {
        return until;
    }

    /** The error line; best effort, as the connection may be failing too. */
    private void sayWhy(OutputStream output, RuntimeException e) {
        ObjectNode problem = json.createObjectNode();
        boolean unavailable = e instanceof DatabaseUnavailableException;
        problem.put("status", unavailable ? 503 : 500);
        problem.put("title", unavailable ? "Service Unavailable" : "Internal Server Error");
        // A database outage's message is written for callers; any other failure's is not.
        problem.put("detail", (unavailable ? e.getMessage() + "; " : "the export failed; ") + "resume after the last entry's cursor");
        try {
            output.write(json.writeValueAsBytes(json.createObjectNode().set("error", problem)));
            output.write(NEWLINE);
            output.flush();
        } catch (IOException alsoLost) {
            LOG.debugf("Audit export could not say why it ended: %s", alsoLost.getMessage());
        }
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
                if (connection.gone()) {
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
            sayWhy(output, e);
            connection.abort();
        }
    }
}
