package dev.rolegate.broker;

import dev.rolegate.audit.AuditUnavailableException;
import dev.rolegate.aws.StsCallException;
import dev.rolegate.aws.StsFailure;
import dev.rolegate.db.DatabaseUnavailableException;
import dev.rolegate.grant.AccessNotGrantedException;
import dev.rolegate.problem.ProblemException;
import dev.rolegate.problem.ProblemType;
import dev.rolegate.session.AccountNotServableException;
import dev.rolegate.session.InvalidScopeException;
import dev.rolegate.time.DeadlineExceededException;
import dev.rolegate.worker.WorkerAuthenticationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.Comparator;

/**
 * One broker failure as a status, a protocol error code and a message safe for the worker. The
 * problem+json mappers and the container-credentials endpoint both render it.
 */
record BrokerError(ProblemType type, String code, String message, String field) {

    static BrokerError of(Throwable e) {
        if (e instanceof WorkerAuthenticationException) {
            return new BrokerError(ProblemType.UNAUTHENTICATED, "InvalidToken", e.getMessage(), null);
        }
        if (e instanceof AccessNotGrantedException) {
            return new BrokerError(ProblemType.FORBIDDEN, "AccessDenied", "No grant allows this identity to use this account", null);
        }
        if (e instanceof AccountNotServableException notServable) {
            return new BrokerError(ProblemType.CONFLICT, "AccountUnavailable", "The account is " + notServable.status()
                    + "; rolegate serves only CONNECTED accounts", null);
        }
        if (e instanceof InvalidScopeException scope) {
            return new BrokerError(ProblemType.INVALID_REQUEST, "InvalidRequest", scope.field() + ": " + scope.getMessage(), scope.field());
        }
        if (e instanceof StsCallException sts) {
            return sts(sts);
        }
        if (e instanceof ConstraintViolationException invalid) {
            return invalid(invalid);
        }
        if (e instanceof AuditUnavailableException) {
            return new BrokerError(ProblemType.UNAVAILABLE, "ServiceUnavailable", "The audit log cannot be written, so nothing is issued; retry shortly", null);
        }
        if (e instanceof DatabaseUnavailableException || e instanceof DeadlineExceededException) {
            return new BrokerError(ProblemType.UNAVAILABLE, "ServiceUnavailable", e.getMessage(), null);
        }
        if (e instanceof ProblemException problem) {
            return new BrokerError(problem.type(), codeOf(problem.type()), problem.getMessage(),
                    problem.errors().isEmpty() ? null : problem.errors().get(0).field());
        }
        return null;
    }

    /** One protocol code per condition, whichever path (memory or database) refused the request. */
    private static String codeOf(ProblemType type) {
        return switch (type) {
            case INVALID_REQUEST, MALFORMED_BODY, PAYLOAD_TOO_LARGE, URI_TOO_LONG, HEADERS_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, NOT_ACCEPTABLE,
                    METHOD_NOT_ALLOWED -> "InvalidRequest";
            case UNAUTHENTICATED -> "InvalidToken";
            case FORBIDDEN -> "AccessDenied";
            case NOT_FOUND -> "NotFound";
            case CONFLICT, PRECONDITION_FAILED -> "AccountUnavailable";
            case UNAVAILABLE -> "ServiceUnavailable";
            case INTERNAL -> "InternalError";
        };
    }

    /** The first violation, by field name, is enough for the protocol's single message. */
    private static BrokerError invalid(ConstraintViolationException e) {
        return e.getConstraintViolations().stream()
                .map(v -> new BrokerError(ProblemType.INVALID_REQUEST, "InvalidRequest", fieldOf(v) + ": " + v.getMessage(), fieldOf(v)))
                .min(Comparator.comparing(BrokerError::field))
                .orElse(new BrokerError(ProblemType.INVALID_REQUEST, "InvalidRequest", "Invalid request", null));
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String field = "request";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getName() != null) {
                field = node.getName();
            }
        }
        return field;
    }

    private static BrokerError sts(StsCallException e) {
        if (e.failure() == StsFailure.INVALID_REQUEST) {
            return new BrokerError(ProblemType.INVALID_REQUEST, "InvalidRequest", "STS rejected the request (" + e.errorCode()
                    + "); check sessionPolicy and policyArns", "sessionPolicy");
        }
        return new BrokerError(ProblemType.UNAVAILABLE, "ServiceUnavailable", "STS could not issue credentials (" + e.errorCode()
                + ") and no valid session is stored; retry shortly", null);
    }
}
