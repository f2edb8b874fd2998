package dev.rolegate.broker;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The container-credentials protocol's error body. */
@Schema(name = "ContainerCredentialsError")
public record ContainerError(
        @Schema(description = "Machine-readable error code, e.g. AccessDenied") String code,
        @Schema(description = "What went wrong") String message) {
}
