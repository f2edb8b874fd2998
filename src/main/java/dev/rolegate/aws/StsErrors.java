package dev.rolegate.aws;

import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Maps whatever an STS call throws onto {@link StsFailure}; total, it never throws itself. STS messages
 * and bodies are dropped on purpose: a ValidationError quotes the offending parameter, which may be the
 * External ID. An error whose code cannot be read (an HTML page from a proxy, an empty or truncated body)
 * is transient, classified by HTTP status alone: never a revocation and never the caller's fault.
 */
final class StsErrors {

    private static final Set<String> INVALID_REQUEST = Set.of("ValidationError", "MalformedPolicyDocument", "PackedPolicyTooLarge",
            "InvalidParameterValue", "InvalidParameterCombination", "MissingParameter");
    private static final Set<String> BROKER_CREDENTIALS = Set.of("ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch",
            "InvalidClientTokenId", "IncompleteSignature", "MissingAuthenticationToken");
    /** The throttling codes AWS services use; the SDK knows them too, but only for codes it read itself. */
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled",
            "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown", "PriorRequestNotComplete");
    private static final String NO_CREDENTIALS = "Unable to load credentials";
    private static final String UNREADABLE_ANSWER = "Unable to unmarshall response";
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private StsErrors() {
    }

    /** An {@link StsCallException} for anything an STS call threw; an StsCallException passes through. */
    static StsCallException classify(String operation, Throwable e) {
        if (e instanceof StsCallException already) {
            return already;
        }
        if (e instanceof AwsServiceException service) {
            return serviceFailure(operation, service);
        }
        if (e instanceof SdkServiceException service) {
            return unreadableFailure(operation, service.statusCode(), service.requestId());
        }
        return clientFailure(operation, e);
    }

    /**
     * Whether the SDK should retry {@code e} although it does not know to: an error answer with a throttling code
     * it could not read, or without a readable code at all (whatever the status). Other failures keep the SDK's rules.
     */
    static boolean isUnrecognisedTransientAnswer(Throwable e) {
        if (!(e instanceof AwsServiceException service) || service.awsErrorDetails() == null
                || StsErrorBody.isErrorCode(service.awsErrorDetails().errorCode())) {
            return false;
        }
        StsFailure failure = failureOf(service.statusCode(), bodyOf(service.awsErrorDetails()));
        return failure == StsFailure.THROTTLED || failure == StsFailure.UNAVAILABLE;
    }

    /** A 200 answer that lacks what rolegate needs (an HTML page, an empty body, an answer without Credentials). */
    static StsCallException incompleteAnswer(String operation, String requestId) {
        return new StsCallException(StsFailure.UNAVAILABLE, "IncompleteAnswer", 200,
                operation + " failed: STS answered 200 without a usable result (request id " + safeRequestId(requestId) + ")", null);
    }

    /** The call was not made: the caller's budget was already spent. */
    static StsCallException noTimeLeft(String operation) {
        return new StsCallException(StsFailure.UNAVAILABLE, "Timeout", operation + " not attempted: no time left in the caller's budget", null);
    }

    static String outcome(StsFailure failure) {
        return switch (failure) {
            case ACCESS_DENIED -> "access_denied";
            case THROTTLED -> "throttled";
            default -> "error";
        };
    }

    private static StsCallException serviceFailure(String operation, AwsServiceException e) {
        Optional<StsErrorBody> body = bodyOf(e.awsErrorDetails());
        if (body.isEmpty()) {
            return unreadableFailure(operation, e.statusCode(), e.requestId());
        }
        String code = body.get().code();
        String message = operation + " failed: STS " + e.statusCode() + " " + code + " (request id " + safeRequestId(e.requestId()) + ")";
        return new StsCallException(failureOf(e.statusCode(), body), code, e.statusCode(), message, null);
    }

    private static StsCallException unreadableFailure(String operation, int status, String requestId) {
        String code = "Http" + status;
        String message = operation + " failed: STS " + status + " without a readable error code (request id " + safeRequestId(requestId) + ")";
        return new StsCallException(failureOf(status, Optional.empty()), code, status, message, null);
    }

    /** The error the SDK read, else the one in the raw body the SDK kept. */
    private static Optional<StsErrorBody> bodyOf(AwsErrorDetails details) {
        if (details == null) {
            return Optional.empty();
        }
        if (StsErrorBody.isErrorCode(details.errorCode())) {
            return Optional.of(new StsErrorBody(details.errorCode(), details.errorMessage()));
        }
        return details.rawResponse() == null ? Optional.empty() : StsErrorBody.read(details.rawResponse().asByteArrayUnsafe());
    }

    private static StsFailure failureOf(int status, Optional<StsErrorBody> body) {
        if (body.isEmpty()) {
            return status == 429 ? StsFailure.THROTTLED : StsFailure.UNAVAILABLE;
        }
        String code = body.get().code();
        if ("ValidationError".equals(code) && String.valueOf(body.get().message()).contains("MaxSessionDuration")) {
            return StsFailure.DURATION_EXCEEDS_ROLE_MAX;
        }
        if ("AccessDenied".equals(code)) {
            return StsFailure.ACCESS_DENIED;
        }
        if ("RegionDisabledException".equals(code)) {
            return StsFailure.REGION_DISABLED;
        }
        if (THROTTLING.contains(code) || status == 429) {
            return StsFailure.THROTTLED;
        }
        if (BROKER_CREDENTIALS.contains(code)) {
            return StsFailure.BROKER_CREDENTIALS;
        }
        if (INVALID_REQUEST.contains(code) || (status >= 400 && status < 500)) {
            return StsFailure.INVALID_REQUEST;
        }
        return StsFailure.UNAVAILABLE;
    }

    private static StsCallException clientFailure(String operation, Throwable e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new StsCallException(StsFailure.UNAVAILABLE, "Timeout", operation + " timed out", e);
        }
        if (rootCause(e) instanceof SocketTimeoutException) {
            return new StsCallException(StsFailure.UNAVAILABLE, "Timeout", operation + " timed out waiting for STS (" + describe(e) + ")", null);
        }
        if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().startsWith(NO_CREDENTIALS)) {
            return new StsCallException(StsFailure.BROKER_CREDENTIALS, "NoCredentials", operation + " failed: rolegate has no AWS credentials of its own", null);
        }
        if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().startsWith(UNREADABLE_ANSWER)) {
            return new StsCallException(StsFailure.UNAVAILABLE, "UnreadableAnswer", operation + " failed: STS's answer could not be read", null);
        }
        if (e instanceof AbortedException) {
            return new StsCallException(StsFailure.UNAVAILABLE, "Aborted", operation + " was interrupted", null);
        }
        // Neither the message nor the cause is kept: an SDK that failed to read an answer may quote it.
        return new StsCallException(StsFailure.UNAVAILABLE, "ClientError", operation + " failed before STS answered (" + describe(e) + ")", null);
    }

    /** Exception class names only, outermost to root cause, e.g. {@code SdkClientException caused by SocketException}. */
    private static String describe(Throwable e) {
        Throwable root = rootCause(e);
        return root == e ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " caused by " + root.getClass().getSimpleName();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 10; depth++) {
            root = root.getCause();
        }
        return root;
    }

    private static String safeRequestId(String requestId) {
        return requestId != null && REQUEST_ID.matcher(requestId).matches() ? requestId : "unknown";
    }
}
