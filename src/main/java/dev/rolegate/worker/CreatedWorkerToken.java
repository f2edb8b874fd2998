package dev.rolegate.worker;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new worker token with its secret, answered exactly once. */
@Schema(name = "CreatedWorkerToken")
public record CreatedWorkerToken(
        @Schema(description = "The token, shown only in this response: rolegate keeps only its SHA-256. Workers send it as "
                + "'Authorization: Bearer <token>' or, for the container-credentials endpoint, as the raw Authorization header.",
                example = "rgw_3q2-7wvS2cQ9o0cTz0o7xq3fU2l6mJb9mKQe0xYb1mE") String token,
        @Schema(description = "The token's metadata, as later listings show it") WorkerTokenView workerToken) {

    @Override
    public String toString() {
        return "CreatedWorkerToken[token=***, workerToken=" + workerToken + "]";
    }
}
