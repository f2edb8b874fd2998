package dev.rolegate.project;

import dev.rolegate.db.DatabaseWork;
import dev.rolegate.auth.Roles;
import dev.rolegate.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The portal registers its projects before adding AWS accounts to them. */
@DatabaseWork
@Path("/v1/projects/{projectId}")
@RolesAllowed(Roles.PORTAL)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects", description = "The portal's projects, which own accounts, grants and worker tokens")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "400", description = "Invalid project id or body", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Token lacks the portal role or scope", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ProjectResource {

    private final ProjectService service;

    public ProjectResource(ProjectService service) {
        this.service = service;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putProject", summary = "Create or rename a project", description = "Idempotent. Answers 201 when the project is new, 200 when it existed.")
    @APIResponse(responseCode = "200", description = "Project existed and was updated", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectView.class)))
    @APIResponse(responseCode = "201", description = "Project created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectView.class)))
    public RestResponse<ProjectView> upsert(@PathParam("projectId") @Pattern(regexp = ProjectIds.PATTERN, message = ProjectIds.MESSAGE) String projectId,
            @NotNull(message = "a JSON body is required") @Valid ProjectRequest request) {
        ProjectService.Upserted result = service.upsert(projectId, request);
        return result.created()
                ? RestResponse.ResponseBuilder.<ProjectView>created(URI.create("/v1/projects/" + projectId)).entity(result.project()).build()
                : RestResponse.ok(result.project());
    }

    @GET
    @Operation(operationId = "getProject", summary = "Read a project")
    @APIResponse(responseCode = "200", description = "The project")
    @APIResponse(responseCode = "404", description = "No such project", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ProjectView get(@PathParam("projectId") @Pattern(regexp = ProjectIds.PATTERN, message = ProjectIds.MESSAGE) String projectId) {
        return service.get(projectId);
    }
}
