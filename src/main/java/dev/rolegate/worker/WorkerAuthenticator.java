package dev.rolegate.worker;

import dev.rolegate.time.Deadline;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one entry point for authenticating workers. Accepts the Authorization header value as it is,
 * either the raw token (the container-credentials protocol) or "Bearer &lt;token&gt;". Tokens starting
 * with "rgw_" are worker tokens; anything else is treated as a Kubernetes service-account JWT.
 * {@link #authenticate} may read the database or fetch the cluster's keys on a cache miss;
 * {@link #authenticateFromMemory} never does.
 */
@ApplicationScoped
public class WorkerAuthenticator {

    private static final String BEARER = "bearer ";

    private final WorkerTokenVerifier workerTokens;
    private final KubernetesTokenVerifier kubernetes;

    public WorkerAuthenticator(WorkerTokenVerifier workerTokens, KubernetesTokenVerifier kubernetes) {
        this.workerTokens = workerTokens;
        this.kubernetes = kubernetes;
    }

    /**
     * The authenticated worker. May read the database (waiting until {@code deadline} at most) or fetch keys, so call
     * it from a worker thread.
     *
     * @throws WorkerAuthenticationException if the credential is missing or refused; its message never contains the token
     */
    public WorkerIdentity authenticate(String rawToken, Deadline deadline) {
        String token = requireToken(rawToken);
        return WorkerTokenFormat.isWorkerToken(token) ? workerTokens.verify(token, deadline) : kubernetes.verify(token);
    }

    /**
     * {@link #authenticate} from memory alone: the worker, or null when deciding needs the database or
     * the cluster's keys. Never blocks, so event-loop threads may call it.
     *
     * @throws WorkerAuthenticationException if the credential is refused on what is already known
     */
    public WorkerIdentity authenticateFromMemory(String rawToken) {
        String token = requireToken(rawToken);
        return WorkerTokenFormat.isWorkerToken(token) ? workerTokens.verifiedFromMemory(token) : kubernetes.verifiedFromMemory(token);
    }

    private static String requireToken(String rawToken) {
        String token = stripScheme(rawToken);
        if (token.isEmpty()) {
            throw new WorkerAuthenticationException(Reason.MISSING, "A worker token or Kubernetes service-account token is required");
        }
        return token;
    }

    static String stripScheme(String rawToken) {
        if (rawToken == null) {
            return "";
        }
        String value = rawToken.strip();
        if (value.equalsIgnoreCase(BEARER.strip())) {
            return "";
        }
        if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            value = value.substring(BEARER.length()).strip();
        }
        return value;
    }
}
