package dev.rolegate.audit;

import dev.rolegate.auth.Roles;
import dev.rolegate.db.DatabaseWork;
import dev.rolegate.http.QueryParams;
import dev.rolegate.problem.Problem;
import dev.rolegate.problem.ProblemException;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The portal's read access to the audit: credential issuances and admin changes, paged newest first or exported oldest first. */
@DatabaseWork
@Path("/v1/audit")
@RolesAllowed(Roles.PORTAL)
@Tag(name = "Audit", description = "Every issuance and every portal change")
@SecurityRequirement(name = "jwt")
public class AuditResource {

    static final String NDJSON = "application/x-ndjson";
    /** Where an export ended; a later export with this as {@code from} misses nothing. */
    static final String EXPORT_UNTIL = "Rolegate-Export-Until";
    private static final int MAX_LIMIT = 200;
    private static final int DEFAULT_LIMIT = 50;
    private static final String PAGE_REPLACED = "paging by page number was replaced by cursors: follow the `next` link of the previous page";
    private static final String SIZE_REPLACED = "was renamed `limit`";

    private final AuditQueryService audit;
    private final AuditExporter exporter;

    public AuditResource(AuditQueryService audit, AuditExporter exporter) {
        this.audit = audit;
        this.exporter = exporter;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listAuditEntries", summary = "List audit entries, newest first, a page at a time",
            description = "Filters combine with AND. The time range is half-open: from <= occurredAt < to. Pages are cut by cursor: "
                    + "follow `next` (same filters and limit) until it is null. A page costs the same however deep it is, and no total "
                    + "is counted. Entries committed while paging with a time before the cursor still appear on later pages; newer ones "
                    + "appear when listing again from the first page. The former `page` and `size` parameters are refused with a 400.")
    @APIResponse(responseCode = "200", description = "One page of audit entries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditPage.class)))
    @APIResponse(responseCode = "400", description = "Invalid filter, limit or cursor, or the removed page or size parameter", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Token lacks the portal role or scope", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The database is unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuditPage list(
            @BeanParam AuditFilterParams filters,
            @Parameter(description = "Most entries on the page, 1-" + MAX_LIMIT, schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
            @QueryParam("limit") String limit,
            @Parameter(description = "Only entries older than this position: the cursor in the previous page's `next` link, or an entry's `cursor`")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Removed: refused with a 400; follow `next` instead", deprecated = true) @QueryParam("page") String page,
            @Parameter(description = "Removed: refused with a 400; use `limit` instead", deprecated = true) @QueryParam("size") String size,
            @Context UriInfo uri) {
        refuseRemoved("page", page, PAGE_REPLACED);
        refuseRemoved("size", size, SIZE_REPLACED);
        AuditFilter filter = filters.toFilter();
        int pageLimit = QueryParams.intParam("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        AuditQueryService.Slice slice = audit.newestFirst(filter, AuditCursor.parse("cursor", cursor), pageLimit);
        String next = slice.more() ? nextLink(uri, filter, pageLimit, slice.items().get(slice.items().size() - 1).position()) : null;
        return new AuditPage(slice.items(), next);
    }

    @GET
    @Path("export")
    @Produces(NDJSON)
    @Operation(operationId = "exportAuditEntries", summary = "Export audit entries as NDJSON, oldest first, for a SIEM",
            description = "Streams every matching entry, one JSON object per line (the fields of the listing, with each entry's cursor), "
                    + "oldest first, in constant memory. Filters are those of the listing. The export ends at now minus the settle lag "
                    + "(rolegate.audit.export.settle-lag, default 90 s), or at `to` if earlier, so that every entry before its end has "
                    + "committed: resume with `after` set to the last line's cursor (and the same filters), or with `from` set to the "
                    + "Rolegate-Export-Until header, and no entry is skipped or repeated. Every complete line ends with a newline; if the "
                    + "database fails mid-stream, a last line {\"error\":{\"status\":503,...}} says so and the connection is closed "
                    + "before the chunked body's end, so the export never looks complete; resume after the last entry's cursor.")
    @APIResponse(responseCode = "200", description = "The matching entries, one JSON object per line",
            headers = @Header(name = EXPORT_UNTIL, description = "Where this export ends (exclusive), an ISO-8601 instant", schema = @Schema(type = SchemaType.STRING, format = "date-time")),
            content = @Content(mediaType = NDJSON, schema = @Schema(implementation = AuditEventView.class)))
    @APIResponse(responseCode = "400", description = "Invalid filter or cursor", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Token lacks the portal role or scope", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The database is unavailable before the first entry was sent", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response export(
            @BeanParam AuditFilterParams filters,
            @Parameter(description = "Only entries after this position: the cursor of the last line already received")
            @QueryParam("after") String after,
            @Context HttpServerResponse response) {
        AuditExport export = exporter.open(filters.toFilter(), AuditCursor.parse("after", after), ExportConnection.of(response));
        return Response.ok(export, NDJSON).header(EXPORT_UNTIL, export.until().toString()).build();
    }

    /** The request's path with the filters as parsed, the limit and the cursor of the page's last entry. */
    private static String nextLink(UriInfo uri, AuditFilter filter, int limit, AuditCursor last) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("accountId", filter.accountId());
        query.put("actor", filter.actor());
        query.put("action", filter.action());
        query.put("from", filter.from());
        query.put("to", filter.to());
        query.put("limit", limit);
        query.put("cursor", last.encode());
        return uri.getBaseUri().getRawPath().replaceAll("/$", "") + "/v1/audit?" + query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + encoded(e.getValue().toString())).collect(Collectors.joining("&"));
    }

    /** Percent-encoded for a query value; URLEncoder writes a space as '+', which some servers keep as a plus. */
    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void refuseRemoved(String name, String value, String replacement) {
        if (value != null) {
            throw ProblemException.invalidField(name, replacement);
        }
    }
}
