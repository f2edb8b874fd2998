package dev.rolegate.project;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Creates or renames a project. */
@Schema(name = "ProjectRequest")
public record ProjectRequest(
        @Schema(description = "Human-readable project name shown in the portal", example = "Acme web shop", required = true)
        @NotBlank @Size(max = 200) String displayName) {
}
