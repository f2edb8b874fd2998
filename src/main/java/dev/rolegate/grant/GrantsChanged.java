package dev.rolegate.grant;

import dev.rolegate.worker.IdentityKind;

/** Fired inside the transaction that created or deleted a grant; the cache forgets the lookup once it commits. */
public record GrantsChanged(String projectId, IdentityKind kind, String identity) {
}
