package dev.rolegate.worker;

/** Whether a worker token is accepted now. */
public enum WorkerTokenStatus {
    ACTIVE, EXPIRED, REVOKED
}
