package dev.rolegate.grant;

import dev.rolegate.worker.IdentityKind;

/**
 * Fired inside the transaction that created or deleted a grant; the cache forgets the lookup once it commits, and other
 * replicas once notify/ChangePublisher's announcement reaches them.
 */
public record GrantsChanged(String projectId, IdentityKind kind, String identity) {
}
