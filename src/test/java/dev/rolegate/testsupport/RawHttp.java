package dev.rolegate.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 over a plain socket to 127.0.0.1, for requests ordinary clients refuse to send: raw
 * request targets, control characters in headers, missing Host, chunked bodies of any size. Header
 * values are written as ISO-8859-1, so every char below U+0100 is sent as that byte.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 15_000;
    private static final int CHUNK = 8192;

    private final String method;
    private final String target;
    private final String version;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;
    private boolean chunked;

    private RawHttp(String method, String target, String version) {
        this.method = method;
        this.target = target;
        this.version = version;
    }

    /** An HTTP/1.1 request with {@code Host: localhost} and {@code Connection: close}. */
    public static RawHttp request(String method, String target) {
        return new RawHttp(method, target, "HTTP/1.1").header("Host", "localhost").header("Connection", "close");
    }

    /** A request with exactly the request line given and no header yet. */
    public static RawHttp bare(String method, String target, String version) {
        return new RawHttp(method, target, version);
    }

    public RawHttp header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    /** A body with its Content-Length. */
    public RawHttp body(byte[] bytes) {
        this.body = bytes;
        this.chunked = false;
        return this;
    }

    public RawHttp body(String utf8) {
        return body(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** A body sent with Transfer-Encoding: chunked, in 8 KiB chunks. */
    public RawHttp chunkedBody(byte[] bytes) {
        this.body = bytes;
        this.chunked = true;
        return this;
    }

    /** Sends the request and reads the whole answer; the body is written while the answer is read. */
    public Response send(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head());
            out.flush();
            CompletableFuture<Void> writing = body == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(() -> writeBody(out));
            Response response = read(socket.getInputStream());
            writing.exceptionally(ignored -> null).join();
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("request " + method + " " + abbreviated(target) + " failed: " + e, e);
        }
    }

    private byte[] head() {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(' ').append(version).append("\r\n");
        headers.forEach(h -> head.append(h[0]).append(": ").append(h[1]).append("\r\n"));
        if (body != null) {
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void writeBody(OutputStream out) {
        try {
            if (!chunked) {
                out.write(body);
            } else {
                for (int offset = 0; offset < body.length; offset += CHUNK) {
                    int length = Math.min(CHUNK, body.length - offset);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, offset, length);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException refusedMidway) {
            // The server answered and closed before taking the whole body: that is the answer read.
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        long expected = -1;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException reset) {
                break;
            }
            if (n < 0) {
                break;
            }
            raw.write(buffer, 0, n);
            if (headEnd < 0) {
                headEnd = Bytes.indexOf(raw.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (headEnd >= 0) {
                    expected = contentLength(new String(raw.toByteArray(), 0, headEnd, StandardCharsets.ISO_8859_1));
                }
            }
            if (headEnd >= 0 && expected >= 0 && raw.size() >= headEnd + 4 + expected) {
                break;
            }
        }
        return Response.parse(raw.toByteArray());
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return -1;
    }

    private static String abbreviated(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    /** A parsed answer; status 0 when the server closed without one. */
    public record Response(int status, Map<String, String> headers, String body) {

        static Response parse(byte[] raw) {
            int headEnd = Bytes.indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (headEnd < 0) {
                return new Response(0, Map.of(), new String(raw, StandardCharsets.ISO_8859_1));
            }
            String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            String body = new String(raw, headEnd + 4, raw.length - headEnd - 4, StandardCharsets.UTF_8);
            return new Response(Integer.parseInt(statusLine[1]), headers, body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String contentType() {
            String type = header("content-type");
            return type == null ? "" : type;
        }
    }
}
