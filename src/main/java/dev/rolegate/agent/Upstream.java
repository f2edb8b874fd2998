package dev.rolegate.agent;

import java.util.concurrent.CompletableFuture;

/** Where the cache gets answers it does not hold: rolegate, or a fake in tests. */
interface Upstream {

    /** rolegate's answer for {@code key}, asked with the caller's {@code authorization}; never completes exceptionally. */
    CompletableFuture<AgentAnswer> fetch(CredentialKey key, String authorization);
}
