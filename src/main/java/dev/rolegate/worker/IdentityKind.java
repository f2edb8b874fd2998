package dev.rolegate.worker;

/** The two ways a worker authenticates. */
public enum IdentityKind {
    /** A Kubernetes service account, proven by a projected service-account token; identity "system:serviceaccount:ns:name". */
    SERVICE_ACCOUNT,
    /** A broker-issued worker token; identity is the token's id, never the token itself. */
    WORKER_TOKEN
}
