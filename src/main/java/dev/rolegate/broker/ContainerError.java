package dev.rolegate.broker;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.rolegate.protocol.ContainerErrorCode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The container-credentials protocol's error body, sent in both spellings with the same values: the AWS SDK for
 * JavaScript v3 reads {@code Code}/{@code Message}, other clients and rolegate's older documentation use
 * {@code code}/{@code message}. Build it only from a {@link ContainerErrorCode}, so one condition has one code.
 */
@RegisterForReflection
@JsonPropertyOrder({"Code", "Message", "code", "message"})
@Schema(name = ContainerError.SCHEMA)
public record ContainerError(
        @Schema(description = "Machine-readable error code, one per condition; same value as Code", example = "AccessDenied") String code,
        @Schema(description = "What went wrong and what to do about it; same value as Message", example = "No grant allows this identity to use this account")
        String message) {

    /** The OpenAPI schema's name; {@link ContainerErrorSchema} lists the codes in it. */
    static final String SCHEMA = "ContainerCredentialsError";

    public static ContainerError of(ContainerErrorCode code, String message) {
        return new ContainerError(code.code(), message);
    }

    /** {@link #code()} under the name the AWS SDK for JavaScript v3 reads. */
    @JsonProperty("Code")
    @Schema(description = "Same as code; the name the AWS SDK for JavaScript v3 reads", example = "AccessDenied")
    public String sdkCode() {
        return code;
    }

    /** {@link #message()} under the name the AWS SDK for JavaScript v3 reads. */
    @JsonProperty("Message")
    @Schema(description = "Same as message; the name the AWS SDK for JavaScript v3 reads", example = "No grant allows this identity to use this account")
    public String sdkMessage() {
        return message;
    }
}
