package dev.rolegate.project;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A project as the API shows it. */
@Schema(name = "Project")
public record ProjectView(
        @Schema(description = "The portal's project id", example = "acme-shop") String id,
        @Schema(description = "Human-readable project name") String displayName,
        @Schema(description = "When rolegate first saw the project") Instant createdAt,
        @Schema(description = "When the project was last changed") Instant updatedAt) {

    static ProjectView of(Project p) {
        return new ProjectView(p.id(), p.displayName(), p.createdAt(), p.updatedAt());
    }
}
