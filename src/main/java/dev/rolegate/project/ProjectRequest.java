package dev.rolegate.project;

import dev.rolegate.http.ReadableName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Creates or renames a project. */
@Schema(name = "ProjectRequest")
public record ProjectRequest(
        @Schema(description = "Human-readable project name shown in the portal: 1-200 characters of any Unicode text except control "
                + "characters (tab, LF and CR included), line or paragraph separators, bidi controls (U+202A-U+202E, U+2066-U+2069) "
                + "and lone surrogates", example = "Acme web shop", required = true, maxLength = 200)
        @NotBlank @Size(max = 200) @ReadableName String displayName) {
}
