package dev.rolegate.worker;

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
import jakarta.ws.rs.core.HttpHeaders;
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
 * The portal manages a project's worker tokens, for workers outside Kubernetes. A token is shown once,
 * when created; rolegate stores only its SHA-256. A token does nothing until a grant names it.
 */
@DatabaseWork
@Path("/v1/projects/{projectId}/worker-tokens")
@RolesAllowed(Roles.PORTAL)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Worker tokens", description = "Bearer tokens for workers outside Kubernetes; shown once, stored as a hash")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "400", description = "Invalid input; nothing was stored", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Token lacks the portal role or scope", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", description = "Unknown project or worker token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class WorkerTokenResource {

    private static final String PROJECT_ID = "projectId";

    private final WorkerTokenService tokens;

    public WorkerTokenResource(WorkerTokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createWorkerToken", summary = "Create a worker token", description = "The response is the only time the token is shown. It authenticates nothing until a grant names its id.")
    @APIResponse(responseCode = "201", description = "Token created; store it now, it cannot be read again", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedWorkerToken.class)))
    @APIResponse(responseCode = "409", description = "An unrevoked token with this name exists", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<CreatedWorkerToken> create(@PathParam(PROJECT_ID) @Pattern(regexp = ProjectIds.PATTERN, message = ProjectIds.MESSAGE) String projectId,
            @NotNull(message = "a JSON body is required") @Valid WorkerTokenRequests.Create request) {
        CreatedWorkerToken created = tokens.create(projectId, request);
        return RestResponse.ResponseBuilder.<CreatedWorkerToken>created(URI.create("/v1/projects/" + projectId + "/worker-tokens/" + created.workerToken().id()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(created)
                .build();
    }

    @GET
    @Operation(operationId = "listWorkerTokens", summary = "List a project's worker tokens", description = "Oldest first, revoked and expired ones included. Never shows a token or its hash.")
    @APIResponse(responseCode = "200", description = "The project's worker tokens", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = WorkerTokenView.class)))
    public List<WorkerTokenView> list(@PathParam(PROJECT_ID) @Pattern(regexp = ProjectIds.PATTERN, message = ProjectIds.MESSAGE) String projectId) {
        return tokens.list(projectId);
    }

    @DELETE
    @Path("/{tokenId}")
    @Operation(operationId = "revokeWorkerToken", summary = "Revoke a worker token", description = "Idempotent. The token is refused from now on; other replicas notice within rolegate.workers.tokens.cache-ttl (default 30 s). "
            + "AWS credentials already issued with it stay valid until they expire.")
    @APIResponse(responseCode = "204", description = "Revoked")
    public void revoke(@PathParam(PROJECT_ID) @Pattern(regexp = ProjectIds.PATTERN, message = ProjectIds.MESSAGE) String projectId,
            @PathParam("tokenId") UUID tokenId) {
        tokens.revoke(projectId, tokenId);
    }
}
