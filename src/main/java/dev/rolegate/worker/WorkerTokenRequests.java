package dev.rolegate.worker;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the worker tokens API. */
public final class WorkerTokenRequests {

    static final String NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$";
    static final String NAME_MESSAGE = "must be 1-64 characters: letters, digits, space, '.', '_' or '-', starting with a letter or digit";
    static final long MIN_LIFETIME_SECONDS = 60;

    private WorkerTokenRequests() {
    }

    /** Creates a worker token for callers outside Kubernetes. */
    @Schema(name = "CreateWorkerTokenRequest")
    public record Create(
            @Schema(description = "Name to recognise the token by, unique among the project's unrevoked tokens: 1-64 letters, digits, spaces, '.', '_' "
                    + "or '-', starting with a letter or digit", example = "ci-deployer", required = true, maxLength = 64)
            @NotBlank @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String name,
            @Schema(description = "Lifetime in seconds, at least 60 and at most the configured maximum (default 365 days). "
                    + "Omitted: the configured default lifetime, which by default is none (the token never expires).", example = "2592000")
            @Min(value = MIN_LIFETIME_SECONDS, message = "must be at least 60") Long expiresInSeconds) {
    }
}
