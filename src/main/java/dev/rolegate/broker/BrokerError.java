package dev.rolegate.broker;

import dev.rolegate.audit.AuditUnavailableException;
import dev.rolegate.aws.StsCallException;
import dev.rolegate.aws.StsFailure;
import dev.rolegate.db.DatabaseUnavailableException;
import dev.rolegate.grant.AccessNotGrantedException;
import dev.rolegate.kubernetes.KubernetesUnavailableException;
import dev.rolegate.problem.ProblemException;
import dev.rolegate.problem.ProblemType;
import dev.rolegate.session.AccountNotServableException;
import dev.rolegate.session.InvalidScopeException;
import dev.rolegate.time.DeadlineExceededException;
import dev.rolegate.worker.WorkerAuthenticationException;

/**
 * One broker failure as a status, a protocol error code and a message safe for the worker. The
 * problem+json mappers and the container-credentials endpoint both render it.
 */
record BrokerError(ProblemType type, String message, String field) {

    static BrokerError of(Throwable e) {
        if (e instanceof WorkerAuthenticationException) {
            return new BrokerError(ProblemType.UNAUTHENTICATED, e.getMessage(), null);
        }
        if (e instanceof AccessNotGrantedException) {
            return new BrokerError(ProblemType.FORBIDDEN, "No grant allows this identity to use this account", null);
        }
        if (e instanceof AccountNotServableException notServable) {
            return new BrokerError(ProblemType.CONFLICT, "The account is " + notServable.status()
                    + "; rolegate serves only CONNECTED accounts", null);
        }
        if (e instanceof InvalidScopeException scope) {
            return new BrokerError(ProblemType.INVALID_REQUEST, scope.field() + ": " + scope.getMessage(), scope.field());
        }
        if (e instanceof StsCallException sts) {
            return sts(sts);
        }
        if (e instanceof AuditUnavailableException) {
            return new BrokerError(ProblemType.UNAVAILABLE, "The audit log cannot be written, so nothing is issued; retry shortly", null);
        }
        if (e instanceof KubernetesUnavailableException) {
            return new BrokerError(ProblemType.UNAVAILABLE, e.getMessage(), null);
        }
        if (e instanceof DatabaseUnavailableException || e instanceof DeadlineExceededException) {
            return new BrokerError(ProblemType.UNAVAILABLE, e.getMessage(), null);
        }
        if (e instanceof ProblemException problem) {
            return new BrokerError(problem.type(), problem.getMessage(),
                    problem.errors().isEmpty() ? null : problem.errors().get(0).field());
        }
        return null;
    }

    private static BrokerError sts(StsCallException e) {
        if (e.failure() == StsFailure.INVALID_REQUEST) {
            return new BrokerError(ProblemType.INVALID_REQUEST, "STS rejected the request (" + e.errorCode()
                    + "); check sessionPolicy and policyArns", "sessionPolicy");
        }
        return new BrokerError(ProblemType.UNAVAILABLE, "STS could not issue credentials (" + e.errorCode()
                + ") and no valid session is stored; retry shortly", null);
    }
}
