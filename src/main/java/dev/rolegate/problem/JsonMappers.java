package dev.rolegate.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.rolegate.problem.Problem.FieldError;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Unreadable JSON bodies. Jackson's own messages quote the input, which may hold a secret such as
 * an External ID, so details are rebuilt from field names and positions only.
 */
public class JsonMappers {

    @ServerExceptionMapper
    public RestResponse<Problem> unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String field = fieldPath(e);
        return malformed("Unknown field '" + field + "'; the request accepts only documented fields", field, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> wrongType(InvalidFormatException e, UriInfo uri) {
        return wrongShape(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return wrongShape(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unparseable(JsonParseException e, UriInfo uri) {
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return Problems.response(ProblemType.MALFORMED_BODY, "Request body is not valid JSON" + where, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> otherJson(JsonProcessingException e, UriInfo uri) {
        return Problems.response(ProblemType.MALFORMED_BODY, "Request body could not be read as JSON", uri);
    }

    /**
     * The problem for any Jackson read failure. Quarkus REST's JSON reader rethrows some failures
     * as they are but wraps others (unparseable JSON among them) in a 400 WebApplicationException,
     * which {@link HttpMappers} unwraps through here so both paths give the same answer.
     */
    static RestResponse<Problem> describe(JsonProcessingException e, UriInfo uri) {
        JsonMappers mappers = new JsonMappers();
        if (e instanceof UnrecognizedPropertyException unknown) {
            return mappers.unknownField(unknown, uri);
        }
        if (e instanceof MismatchedInputException mismatched) {
            return mappers.mismatchedInput(mismatched, uri);
        }
        if (e instanceof JsonParseException parse) {
            return mappers.unparseable(parse, uri);
        }
        return mappers.otherJson(e, uri);
    }

    private static RestResponse<Problem> wrongShape(JsonMappingException e, UriInfo uri) {
        String field = fieldPath(e);
        if (field.isEmpty()) {
            return Problems.response(ProblemType.MALFORMED_BODY, "Request body must be a JSON object", uri);
        }
        return malformed("Field '" + field + "' has the wrong type or format", field, uri);
    }

    private static RestResponse<Problem> malformed(String detail, String field, UriInfo uri) {
        Problem problem = Problem.of(ProblemType.MALFORMED_BODY, detail, Problems.path(uri))
                .withErrors(List.of(new FieldError(field, detail)));
        return Problems.response(problem);
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
