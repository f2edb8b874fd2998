package dev.rolegate.agent;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Writes an answer and ends the exchange; a caller that went away is logged at FINE, not thrown at the server. */
final class Responses {

    private static final Logger LOG = Logger.getLogger(Responses.class.getName());

    private Responses() {
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body, Map<String, String> headers) {
        try (exchange) {
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "The caller went away before its answer was written: {0}", e.getClass().getSimpleName());
        }
    }
}
