package dev.rolegate.grant;

import dev.rolegate.db.DatabaseWork;
import dev.rolegate.auth.Roles;
import dev.rolegate.problem.Problem;
import dev.rolegate.project.ProjectIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The portal decides which workers may receive credentials for which of a project's accounts. Without a
 * grant, a worker gets nothing. Changes apply at once on this replica and within
 * rolegate.workers.grants.cache-ttl (default 30 s) on others.
 */
@DatabaseWork
@Path("/v1/projects/{projectId}/grants")
@RolesAllowed(Roles.PORTAL)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Grants", description = "Which identities (Kubernetes service accounts, worker tokens) may get credentials for which accounts of a project")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "400", description = "Invalid input; nothing was stored", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Token lacks the portal role or scope", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", description = "Unknown project or grant", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class GrantResource {

    private static final String PROJECT_ID = "projectId";

    private final GrantService grants;

    public GrantResource(GrantService grants) {
        this.grants = grants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createGrant", summary = "Grant an identity access to the project's accounts",
            description = "The identity is a Kubernetes service account or a worker token of this project. Without accountIds the grant covers every account.")
    @APIResponse(responseCode = "201", description = "Grant created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GrantView.class)))
    @APIResponse(responseCode = "409", description = "The identity already has a grant in this project", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<GrantView> create(@PathParam(PROJECT_ID) @Pattern(regexp = ProjectIds.PATTERN, message = ProjectIds.MESSAGE) String projectId,
            @NotNull(message = "a JSON body is required") @Valid GrantRequest request) {
        GrantView created = grants.create(projectId, request);
        return RestResponse.ResponseBuilder.<GrantView>created(URI.create("/v1/projects/" + projectId + "/grants/" + created.id())).entity(created).build();
    }

    @GET
    @Operation(operationId = "listGrants", summary = "List the project's grants", description = "Oldest first.")
    @APIResponse(responseCode = "200", description = "The project's grants", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = GrantView.class)))
    public List<GrantView> list(@PathParam(PROJECT_ID) @Pattern(regexp = ProjectIds.PATTERN, message = ProjectIds.MESSAGE) String projectId) {
        return grants.list(projectId);
    }

    @DELETE
    @Path("/{grantId}")
    @Operation(operationId = "deleteGrant", summary = "Delete a grant", description = "The identity receives no new credentials for these accounts; credentials already issued stay valid until they expire.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@PathParam(PROJECT_ID) @Pattern(regexp = ProjectIds.PATTERN, message = ProjectIds.MESSAGE) String projectId,
            @PathParam("grantId") UUID grantId) {
        grants.delete(projectId, grantId);
    }
}
