package dev.rolegate.http;

import dev.rolegate.problem.ProblemType;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Refuses hostile request lines and headers before any resource or database work: an overlong
 * target (414) or header block (431), and paths or query strings that are not well-formed
 * percent-encoded UTF-8 or that decode to characters no identifier or filter may hold
 * ({@link Characters#firstRefusedInName}). No path parameter or query value of rolegate's API allows
 * them, and PostgreSQL cannot store NUL.
 *
 * <p>Vert.x refuses some of this itself, before any handler runs, with an empty 400: a malformed
 * percent escape in the request target and a control character in a header value.
 */
@Singleton
public class RequestTargetFilter {

    /** Before {@link RequestSizeFilter}: a refused target needs no body read. */
    static final int PRIORITY = RequestSizeFilter.PRIORITY + 10;

    private final HttpConfig config;
    private final Rejections rejections;

    public RequestTargetFilter(HttpConfig config, Rejections rejections) {
        this.config = config;
        this.rejections = rejections;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.uri().length() > config.maxUriLength()) {
            rejections.refuse(context, ProblemType.URI_TOO_LONG, "The request target is longer than " + config.maxUriLength() + " characters");
        } else if (headerBytes(request) > config.maxHeaderBytes()) {
            rejections.refuse(context, ProblemType.HEADERS_TOO_LARGE, "The request headers are larger than " + config.maxHeaderBytes() + " bytes");
        } else {
            String problem = targetProblem(request);
            if (problem == null) {
                context.next();
            } else {
                rejections.refuse(context, ProblemType.INVALID_REQUEST, problem);
            }
        }
    }

    private static long headerBytes(HttpServerRequest request) {
        long total = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            total += header.getKey().length() + header.getValue().length();
        }
        return total;
    }

    private static String targetProblem(HttpServerRequest request) {
        String pathProblem = componentProblem("The path", request.path(), false);
        if (pathProblem != null || request.query() == null) {
            return pathProblem;
        }
        for (String parameter : request.query().split("&", -1)) {
            String problem = componentProblem("The query string", parameter, true);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String componentProblem(String what, String raw, boolean query) {
        if (isPlainAscii(raw)) {
            // The usual target: nothing to decode, and no printable ASCII character is refused.
            return null;
        }
        String decoded = decode(raw, query);
        if (decoded == null) {
            return what + " is not well-formed percent-encoded UTF-8";
        }
        int refused = Characters.firstRefusedInName(decoded);
        return refused < 0 ? null : what + " contains the refused character " + Characters.describe(decoded, refused);
    }

    private static boolean isPlainAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '%') {
                return false;
            }
        }
        return true;
    }

    /** Strict percent-decoding to UTF-8; null for a malformed escape or invalid UTF-8. */
    static String decode(String raw, boolean plusIsSpace) {
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (c > 0xFF) {
                return null;
            } else {
                bytes.put(plusIsSpace && c == '+' ? (byte) ' ' : (byte) c);
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
