package dev.rolegate.protocol;

/** The {@code WWW-Authenticate} challenge of every 401 a worker gets, from rolegate's broker routes or the node agent. */
public final class WorkerChallenge {

    /** Bearer, with the realm that tells a worker's 401 apart from the portal's ({@code realm="rolegate"}). */
    public static final String VALUE = "Bearer realm=\"rolegate-workers\"";

    private WorkerChallenge() {
    }
}
