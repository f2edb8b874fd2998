package dev.rolegate.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem document, the body of every error rolegate returns. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details (media type application/problem+json)",
        requiredProperties = {"type", "title", "status"})
public record Problem(
        @Schema(description = "URI naming the problem type", example = "https://rolegate.dev/problems/invalid-request") URI type,
        @Schema(description = "Short, stable summary of the problem type", example = "Invalid request") String title,
        @Schema(description = "HTTP status code", example = "400") int status,
        @Schema(description = "What went wrong with this request, and what to do about it") String detail,
        @Schema(description = "The request path") String instance,
        @Schema(description = "Per-field errors, for validation problems") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://rolegate.dev/problems/";

    public static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(URI.create(TYPE_BASE + type.slug()), type.title(), type.status(), detail, instance, List.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, List.copyOf(fieldErrors));
    }

    /** One invalid input field. */
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(description = "The offending field, query or path parameter", example = "roleArn") String field,
            @Schema(description = "Why it was rejected") String message) {
    }
}
