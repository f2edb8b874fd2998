package dev.rolegate.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.rolegate.http.Characters;
import dev.rolegate.http.RefusedCharacterException;
import dev.rolegate.problem.Problem.FieldError;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Unreadable JSON bodies. Jackson's own messages quote the input, which may hold a secret such as
 * an External ID, so details are rebuilt from field names and positions only, and field names
 * are shown only when they are short and printable.
 */
public class JsonMappers {

    private static final int MAX_SHOWN_NAME = 64;

    /** Every Jackson failure. */
    @ServerExceptionMapper
    public RestResponse<Object> json(JsonProcessingException e, UriInfo uri) {
        return describe(e, uri);
    }

    // Quarkus REST maps the following types itself, with bodies that are not problems (an empty 500
    // for InvalidDefinitionException, which a duplicate key in a one-field record body used to
    // raise). An application mapper wins over a built-in one only for the same type, so each is named.

    @ServerExceptionMapper
    public RestResponse<Object> mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return describe(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Object> invalidFormat(InvalidFormatException e, UriInfo uri) {
        return describe(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Object> unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return describe(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Object> invalidDefinition(InvalidDefinitionException e, UriInfo uri) {
        return describe(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Object> unparseable(JsonParseException e, UriInfo uri) {
        return describe(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Object> mapping(JsonMappingException e, UriInfo uri) {
        return describe(e, uri);
    }

    /**
     * The problem for any Jackson read failure. Quarkus REST's JSON reader rethrows some failures
     * as they are but wraps others (unparseable JSON among them) in a 400 WebApplicationException,
     * which {@link HttpMappers} unwraps through here so both paths give the same answer.
     */
    static RestResponse<Object> describe(JsonProcessingException e, UriInfo uri) {
        if (e instanceof InvalidDefinitionException) {
            // A type Jackson cannot bind is rolegate's bug, not the caller's.
            return new UnexpectedErrorMapper().unexpected(e, uri);
        }
        if (e instanceof JsonMappingException mapping && !(e instanceof StreamReadException)) {
            return mappingProblem(mapping, uri);
        }
        return readProblem(e, uri);
    }

    private static RestResponse<Object> mappingProblem(JsonMappingException e, UriInfo uri) {
        String field = fieldPath(e);
        if (e instanceof UnrecognizedPropertyException) {
            String message = "Unknown field '" + field + "'; the request accepts only documented fields";
            return ErrorBodies.response(Problem.of(ProblemType.MALFORMED_BODY, message, Problems.path(uri))
                    .withErrors(List.of(new FieldError(field, message))));
        }
        if (e instanceof RefusedCharacterException refused) {
            return fieldProblem(field, "contains the refused character " + refused.character()
                    + "; control characters (other than tab, LF and CR) and lone surrogates are not accepted", uri);
        }
        if (e instanceof InvalidNullException) {
            return fieldProblem(field, "must not be null", uri);
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return Problems.response(ProblemType.MALFORMED_BODY, "Request body has content after the JSON document", uri);
        }
        if (field.isEmpty()) {
            return Problems.response(ProblemType.MALFORMED_BODY, "Request body must be a JSON object", uri);
        }
        return fieldProblem(field, "has the wrong type or format", uri);
    }

    /** Failures of the parser itself: syntax, duplicate keys, numbers out of range, encoding. */
    private static RestResponse<Object> readProblem(JsonProcessingException e, UriInfo uri) {
        String field = e.getProcessor() instanceof JsonParser parser ? contextPath(parser.getParsingContext()) : "";
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Duplicate field") && !field.isEmpty()) {
            return fieldProblem(field, "appears more than once; each field may be given once", uri);
        }
        if (e instanceof InputCoercionException && !field.isEmpty()) {
            return fieldProblem(field, "is out of range", uri);
        }
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return Problems.response(ProblemType.MALFORMED_BODY, "Request body is not valid JSON" + where, uri);
    }

    private static RestResponse<Object> fieldProblem(String field, String message, UriInfo uri) {
        String detail = "Field '" + field + "' " + message;
        Problem problem = Problem.of(ProblemType.MALFORMED_BODY, detail, Problems.path(uri))
                .withErrors(List.of(new FieldError(field, message)));
        return ErrorBodies.response(problem);
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? shown(ref.getFieldName()) : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** The same dotted path, read from where the parser stopped. */
    private static String contextPath(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.addFirst("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.addFirst(shown(c.getCurrentName()));
            }
        }
        return String.join(".", parts);
    }

    /** A caller's field name, or a stand-in when echoing it could mislead a reader. */
    private static String shown(String name) {
        if (name.length() > MAX_SHOWN_NAME || Characters.firstRefusedInName(name) >= 0) {
            return "(unprintable field name)";
        }
        return name;
    }
}
