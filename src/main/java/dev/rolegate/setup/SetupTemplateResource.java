package dev.rolegate.setup;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import dev.rolegate.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Publishes the CloudFormation template without authentication: CloudFormation fetches it from the
 * customer's account, and it holds no secret (the External ID is a stack parameter).
 */
@Path(SetupMaterialFactory.TEMPLATE_PATH)
@PermitAll
@Tag(name = "Setup", description = "Public material for customers setting up the cross-account role")
public class SetupTemplateResource {

    static final String YAML = "application/yaml";

    private final SetupMaterialFactory factory;

    public SetupTemplateResource(SetupMaterialFactory factory) {
        this.factory = factory;
    }

    @GET
    @Produces({YAML, "text/yaml", "text/plain"})
    @Operation(operationId = "getSetupTemplate", summary = "CloudFormation template that creates the customer's cross-account role")
    @APIResponse(responseCode = "200", description = "The template (YAML)")
    @APIResponse(responseCode = "406", description = "The Accept header allows none of the template's media types",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirements
    public String template() {
        return factory.template();
    }
}
