package dev.rolegate.account;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of an account's status history. */
@Schema(name = "StatusChange")
public record StatusChange(
        @Schema(description = "Status before the change; null for the first entry") AccountStatus from,
        @Schema(description = "Status after the change") AccountStatus to,
        @Schema(description = "Why it changed, e.g. the verification error or the revocation notice") String reason,
        @Schema(description = "When it changed") Instant at) {

    static StatusChange of(AccountStatusEvent e) {
        return new StatusChange(e.fromStatus(), e.toStatus(), e.reason(), e.occurredAt());
    }
}
