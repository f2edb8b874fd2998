package dev.rolegate.audit;

import dev.rolegate.http.QueryParams;
import dev.rolegate.problem.ProblemException;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The filters the listing and the export share, as query parameters, read into an {@link AuditFilter} or a 400 naming the one at fault. */
public class AuditFilterParams {

    @Parameter(description = "Only entries about this AWS account (rolegate's account id)")
    @QueryParam("accountId")
    String accountId;

    @Parameter(description = "Only entries by this actor, matched exactly")
    @QueryParam("actor")
    String actor;

    @Parameter(description = "Only entries with this action, e.g. CREDENTIALS_ISSUED")
    @QueryParam("action")
    String action;

    @Parameter(description = "Only entries at or after this ISO-8601 instant, e.g. 2025-01-31T00:00:00Z")
    @QueryParam("from")
    String from;

    @Parameter(description = "Only entries before this ISO-8601 instant")
    @QueryParam("to")
    String to;

    AuditFilter toFilter() {
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
