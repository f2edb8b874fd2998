package dev.rolegate.problem;

import dev.rolegate.problem.Problem.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Bean Validation failures on request bodies and parameters: 400 with one entry per field. */
public class ValidationMappers {

    @ServerExceptionMapper
    public RestResponse<Object> constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldName(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return ErrorBodies.response(Problem.of(ProblemType.INVALID_REQUEST, detail, Problems.path(uri)).withErrors(errors));
    }

    /** The last node of "method.argument.field" is what the caller knows the field as. */
    private static String fieldName(Path path) {
        String name = null;
        for (Path.Node node : path) {
            if (node.getName() != null) {
                name = node.getName();
            }
        }
        return name == null ? "request" : name;
    }

    static String describe(ConstraintViolation<?> violation) {
        return fieldName(violation.getPropertyPath()) + ": " + violation.getMessage();
    }
}
