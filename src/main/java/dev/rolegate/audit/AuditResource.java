package dev.rolegate.audit;

import dev.rolegate.db.DatabaseWork;
import dev.rolegate.auth.Roles;
import dev.rolegate.http.QueryParams;
import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The portal's read access to the audit: credential issuances and admin changes, newest first. */
@DatabaseWork
@Path("/v1/audit")
@RolesAllowed(Roles.PORTAL)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Every issuance and every portal change, newest first")
@SecurityRequirement(name = "jwt")
public class AuditResource {

    /** Bounds page x size well inside int, so the offset cannot overflow. */
    private static final int MAX_PAGE = 1_000_000;
    private static final int MAX_SIZE = 200;
    private static final int DEFAULT_SIZE = 50;

    private final AuditQueryService audit;

    public AuditResource(AuditQueryService audit) {
        this.audit = audit;
    }

    @GET
    @Operation(operationId = "listAuditEntries", summary = "List audit entries, newest first",
            description = "Filters combine with AND. The time range is half-open: from <= occurredAt < to.")
    @APIResponse(responseCode = "200", description = "One page of audit entries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditPage.class)))
    @APIResponse(responseCode = "400", description = "Invalid filter or paging parameter", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Token lacks the portal role or scope", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuditPage list(
            @Parameter(description = "Only entries about this AWS account (rolegate's account id)") @QueryParam("accountId") String accountId,
            @Parameter(description = "Only entries by this actor, matched exactly") @QueryParam("actor") String actor,
            @Parameter(description = "Only entries with this action, e.g. CREDENTIALS_ISSUED") @QueryParam("action") String action,
            @Parameter(description = "Only entries at or after this ISO-8601 instant, e.g. 2025-01-31T00:00:00Z") @QueryParam("from") String from,
            @Parameter(description = "Only entries before this ISO-8601 instant") @QueryParam("to") String to,
            @Parameter(description = "Zero-based page index, 0-" + MAX_PAGE, schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "" + MAX_PAGE, defaultValue = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "Page size, 1-" + MAX_SIZE, schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_SIZE, defaultValue = "50"))
            @QueryParam("size") String size) {
        return audit.list(filter(accountId, actor, action, from, to), QueryParams.intParam("page", page, 0, 0, MAX_PAGE),
                QueryParams.intParam("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
    }

    private static AuditFilter filter(String accountId, String actor, String action, String from, String to) {
        Instant start = QueryParams.optionalInstant("from", from);
        Instant end = QueryParams.optionalInstant("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw ProblemException.invalidField("from", "must not be after to");
        }
        return new AuditFilter(parseUuid(accountId), blankToNull(actor), parseAction(action), start, end);
    }

    private static UUID parseUuid(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("accountId", "must be a UUID");
        }
    }

    private static AuditAction parseAction(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return AuditAction.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("action", "must be one of " + Arrays.toString(AuditAction.values()));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
