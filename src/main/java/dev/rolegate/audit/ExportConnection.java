package dev.rolegate.audit;

import io.vertx.core.http.HttpServerResponse;

/** The client's end of an export, as far as the export needs it. */
public interface ExportConnection {

    /** True once the client closed the connection: writes would be dropped silently, not fail. */
    boolean gone();

    /**
     * Drops the connection before the chunked body's end, so the client sees a failed transfer, never a clean end.
     * Ending the response normally would write the final chunk and make a partial export look complete.
     */
    void abort();

    static ExportConnection of(HttpServerResponse response) {
        return new ExportConnection() {
            @Override
            public boolean gone() {
                return response.closed();
            }

            @Override
            public void abort() {
                // For HTTP/1.x, Vert.x resets by closing the connection.
                response.reset();
            }
        };
    }
}
