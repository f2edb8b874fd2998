package dev.rolegate.kubernetes;

import dev.rolegate.worker.WorkerAuthenticationException;
import dev.rolegate.worker.WorkerIdentity;
import java.time.Instant;

/** What a cluster says of a token, and until when it may be remembered (remembered by the token's SHA-256 only). */
public sealed interface Verdict {

    /** Until when this verdict may be reused without asking again; not after now means "do not remember". */
    Instant until();

    /** The service account, or the refusal thrown. */
    WorkerIdentity identityOrThrow();

    static Instant earliest(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }

    /** A verified service account. */
    record Trusted(WorkerIdentity identity, Instant until) implements Verdict {

        @Override
        public WorkerIdentity identityOrThrow() {
            return identity;
        }
    }

    /** A refusal; its message is safe for the caller. */
    record Refused(WorkerAuthenticationException.Reason reason, String message, Instant until) implements Verdict {

        @Override
        public WorkerIdentity identityOrThrow() {
            throw new WorkerAuthenticationException(reason, message);
        }
    }
}
