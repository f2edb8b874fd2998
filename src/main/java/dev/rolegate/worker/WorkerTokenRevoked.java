package dev.rolegate.worker;

import java.util.UUID;

/** Fired inside the revoking transaction; caches forget the token once it commits. */
public record WorkerTokenRevoked(UUID tokenId, String projectId) {
}
