package dev.rolegate.aws;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps SDK exceptions onto {@link StsFailure}. STS messages are dropped on purpose: a
 * ValidationError quotes the offending parameter, which may be the External ID.
 */
final class StsErrors {

    private static final Set<String> INVALID_REQUEST = Set.of("ValidationError", "MalformedPolicyDocument", "PackedPolicyTooLarge",
            "InvalidParameterValue", "InvalidParameterCombination", "MissingParameter");
    private static final Set<String> BROKER_CREDENTIALS = Set.of("ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch",
            "InvalidClientTokenId", "IncompleteSignature", "MissingAuthenticationToken");
    private static final String NO_CREDENTIALS = "Unable to load credentials";

    private StsErrors() {
    }

    static StsCallException classify(String operation, SdkException e) {
        if (e instanceof AwsServiceException service) {
            return serviceFailure(operation, service);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new StsCallException(StsFailure.UNAVAILABLE, "Timeout", operation + " timed out", e);
        }
        if (e.getMessage() != null && e.getMessage().startsWith(NO_CREDENTIALS)) {
            return new StsCallException(StsFailure.BROKER_CREDENTIALS, "NoCredentials", operation + " failed: rolegate has no AWS credentials of its own", e);
        }
        return new StsCallException(StsFailure.UNAVAILABLE, "ClientError", operation + " failed before STS answered (" + e.getClass().getSimpleName() + ")", e);
    }

    private static StsCallException serviceFailure(String operation, AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "Unknown" : e.awsErrorDetails().errorCode();
        String message = operation + " failed: STS " + e.statusCode() + " " + code + " (request id " + e.requestId() + ")";
        return new StsCallException(failureOf(code, e), code, message, null);
    }

    private static StsFailure failureOf(String code, AwsServiceException e) {
        if ("ValidationError".equals(code) && String.valueOf(e.awsErrorDetails().errorMessage()).contains("MaxSessionDuration")) {
            return StsFailure.DURATION_EXCEEDS_ROLE_MAX;
        }
        if ("AccessDenied".equals(code)) {
            return StsFailure.ACCESS_DENIED;
        }
        if ("RegionDisabledException".equals(code)) {
            return StsFailure.REGION_DISABLED;
        }
        if (e.isThrottlingException()) {
            return StsFailure.THROTTLED;
        }
        if (BROKER_CREDENTIALS.contains(code)) {
            return StsFailure.BROKER_CREDENTIALS;
        }
        if (INVALID_REQUEST.contains(code) || e.statusCode() < 500) {
            return StsFailure.INVALID_REQUEST;
        }
        return StsFailure.UNAVAILABLE;
    }

    static String outcome(StsFailure failure) {
        return switch (failure) {
            case ACCESS_DENIED -> "access_denied";
            case THROTTLED -> "throttled";
            default -> "error";
        };
    }
}
