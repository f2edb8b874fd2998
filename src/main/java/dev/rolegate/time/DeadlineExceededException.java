package dev.rolegate.time;

/**
 * A request ran out of its time budget while waiting (for another caller's load, another replica's lease, the
 * STS rate limit). Answered as 503 with Retry-After: the work goes on and a retry will likely find its result.
 */
public class DeadlineExceededException extends RuntimeException {

    public DeadlineExceededException(String waitingFor) {
        super("Timed out waiting for " + waitingFor + "; retry shortly", null, false, false);
    }
}
