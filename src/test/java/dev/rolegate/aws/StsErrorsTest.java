package dev.rolegate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.FakeSts.Scripted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.StsException;

/** How whatever an STS call throws becomes a {@link StsFailure}, and that STS's own wording never leaks. */
class StsErrorsTest {

    /** STS quotes request parameters in its messages; this stands in for an External ID. */
    private static final String SECRET = "ext-id-SECRET-5f1e2d";
    private static final String STS_MESSAGE = "Value 'externalId " + SECRET + "' at 'externalId' failed to satisfy constraint";

    @ParameterizedTest(name = "{1} {0} -> {2}")
    @CsvSource({
            "AccessDenied,             403, ACCESS_DENIED",
            "RegionDisabledException,  403, REGION_DISABLED",
            "Throttling,               400, THROTTLED",
            "ValidationError,          400, INVALID_REQUEST",
            "MalformedPolicyDocument,  400, INVALID_REQUEST",
            "PackedPolicyTooLarge,     400, INVALID_REQUEST",
            "ExpiredToken,             400, BROKER_CREDENTIALS",
            "ExpiredTokenException,    400, BROKER_CREDENTIALS",
            "InvalidClientTokenId,     403, BROKER_CREDENTIALS",
            "SignatureDoesNotMatch,    403, BROKER_CREDENTIALS",
            "InternalFailure,          500, UNAVAILABLE",
            "ServiceUnavailable,       503, UNAVAILABLE"})
    void stsErrorCodeDecidesTheFailure(String code, int status, StsFailure expected) {
        StsCallException failure = StsErrors.classify("AssumeRole", stsError(status, code));

        assertThat(failure.failure()).isEqualTo(expected);
        assertThat(failure.errorCode()).isEqualTo(code);
    }

    @Test
    void http429IsThrottlingWhateverTheCode() {
        assertThat(StsErrors.classify("AssumeRole", stsError(429, "SlowDownPlease")).failure()).isEqualTo(StsFailure.THROTTLED);
    }

    @Test
    void unknownReadableClientErrorCodeIsAnInvalidRequest() {
        assertThat(StsErrors.classify("AssumeRole", stsError(400, "SomethingNew")).failure()).isEqualTo(StsFailure.INVALID_REQUEST);
    }

    @Test
    void serverErrorWithoutErrorDetailsIsUnavailableLabelledByStatus() {
        SdkException e = StsException.builder().statusCode(502).build();

        StsCallException failure = StsErrors.classify("AssumeRole", e);

        assertThat(failure.failure()).isEqualTo(StsFailure.UNAVAILABLE);
        assertThat(failure.errorCode()).isEqualTo("Http502");
        assertThat(failure.httpStatus()).hasValue(502);
    }

    @ParameterizedTest(name = "{1} {0} in the <Errors> envelope -> {2}")
    @CsvSource({
            "AccessDenied,             403, ACCESS_DENIED",
            "Throttling,               400, THROTTLED",
            "RequestLimitExceeded,     400, THROTTLED",
            "ExpiredToken,             400, BROKER_CREDENTIALS",
            "MalformedPolicyDocument,  400, INVALID_REQUEST",
            "InternalFailure,          500, UNAVAILABLE"})
    void codeTheSdkMissedIsReadFromTheRawBody(String code, int status, StsFailure expected) {
        StsException e = unreadByTheSdk(status, Scripted.errorsEnvelope(status, code, STS_MESSAGE).body());

        StsCallException failure = StsErrors.classify("AssumeRole", e);

        assertThat(failure.failure()).isEqualTo(expected);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.httpStatus()).hasValue(status);
    }

    @Test
    void maxSessionDurationValidationErrorIsRecognisedInTheErrorsEnvelope() {
        StsException e = unreadByTheSdk(400, Scripted.errorsEnvelope(400, "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.").body());

        assertThat(StsErrors.classify("AssumeRole", e).failure()).isEqualTo(StsFailure.DURATION_EXCEEDS_ROLE_MAX);
    }

    @ParameterizedTest(name = "{0} without a readable code -> {1}")
    @CsvSource({
            "400, UNAVAILABLE",
            "401, UNAVAILABLE",
            "403, UNAVAILABLE",
            "404, UNAVAILABLE",
            "429, THROTTLED",
            "500, UNAVAILABLE",
            "502, UNAVAILABLE",
            "503, UNAVAILABLE",
            "504, UNAVAILABLE"})
    void answerWithoutReadableCodeIsTransientByStatusNeverDeniedNorInvalid(int status, StsFailure expected) {
        for (String body : new String[] {Scripted.proxyForbidden().body(), Scripted.errorResponseWithoutCode(status).body(),
                Scripted.truncated(status, "AccessDenied", STS_MESSAGE).body(), "", "<html><body>AccessDenied</body></html>"}) {
            StsCallException failure = StsErrors.classify("AssumeRole", unreadByTheSdk(status, body));

            assertThat(failure.failure()).as(body).isEqualTo(expected);
            assertThat(failure.errorCode()).as(body).isEqualTo("Http" + status);
            assertThat(failure.getMessage()).as(body).contains("AssumeRole", String.valueOf(status), "without a readable error code");
        }
    }

    @Test
    void unreadableAnswersAreRetriedAndReadableCustomerErrorsAreNot() {
        assertThat(StsErrors.isUnrecognisedTransientAnswer(unreadByTheSdk(403, Scripted.proxyForbidden().body()))).isTrue();
        assertThat(StsErrors.isUnrecognisedTransientAnswer(unreadByTheSdk(400, Scripted.errorsEnvelope(400, "Throttling", "Rate exceeded").body())))
                .isTrue();
        assertThat(StsErrors.isUnrecognisedTransientAnswer(unreadByTheSdk(403, Scripted.errorsEnvelope(403, "AccessDenied", STS_MESSAGE).body())))
                .isFalse();
        assertThat(StsErrors.isUnrecognisedTransientAnswer(stsError(400, "Throttling"))).as("the SDK retries what it read itself").isFalse();
        assertThat(StsErrors.isUnrecognisedTransientAnswer(SdkClientException.create("Connection reset"))).isFalse();
    }

    @Test
    void anyOtherExceptionIsAnUnavailableClientErrorWithoutItsMessage() {
        StsCallException failure = StsErrors.classify("GetCallerIdentity", new NullPointerException(SECRET));

        assertThat(failure.failure()).isEqualTo(StsFailure.UNAVAILABLE);
        assertThat(failure.errorCode()).isEqualTo("ClientError");
        assertThat(failure.getMessage()).contains("GetCallerIdentity", "NullPointerException").doesNotContain(SECRET);
        assertThat(failure.getCause()).isNull();
    }

    @Test
    void answerTheSdkCouldNotParseIsAnUnreadableAnswer() {
        SdkException e = SdkClientException.create("Unable to unmarshall response (Could not parse XML response.). Response Code: 200",
                SdkClientException.create("Could not parse XML response."));

        StsCallException failure = StsErrors.classify("AssumeRole", e);

        assertThat(failure.failure()).isEqualTo(StsFailure.UNAVAILABLE);
        assertThat(failure.errorCode()).isEqualTo("UnreadableAnswer");
        assertThat(failure.getCause()).isNull();
    }

    @Test
    void clientFailureQuotingTheAnswerKeepsNeitherMessageNorCause() {
        SdkException e = SdkClientException.create("Unexpected answer (" + SECRET + ")", new IllegalStateException(SECRET));

        StsCallException failure = StsErrors.classify("AssumeRole", e);

        assertThat(failure.getMessage()).contains("SdkClientException caused by IllegalStateException").doesNotContain(SECRET);
        assertThat(failure.getCause()).isNull();
    }

    @Test
    void socketReadTimeoutIsATimeout() {
        SdkException e = SdkClientException.create("Unable to execute HTTP request: Read timed out", new java.net.SocketTimeoutException("Read timed out"));

        StsCallException failure = StsErrors.classify("AssumeRole", e);

        assertThat(failure.failure()).isEqualTo(StsFailure.UNAVAILABLE);
        assertThat(failure.errorCode()).isEqualTo("Timeout");
    }

    @Test
    void anStsCallExceptionPassesThroughUnchanged() {
        StsCallException incomplete = StsErrors.incompleteAnswer("AssumeRole", "req-1");

        assertThat(StsErrors.classify("AssumeRole", incomplete)).isSameAs(incomplete);
        assertThat(incomplete.failure()).isEqualTo(StsFailure.UNAVAILABLE);
        assertThat(incomplete.httpStatus()).hasValue(200);
    }

    @Test
    void requestIdThatIsNotAnIdIsNotQuoted() {
        StsException e = (StsException) StsException.builder().statusCode(403).requestId("<b>" + SECRET + "</b>")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build()).build();

        assertThat(StsErrors.classify("AssumeRole", e).getMessage()).contains("request id unknown").doesNotContain(SECRET);
    }

    @Test
    void serviceFailureMessageNamesOperationStatusCodeAndRequestId() {
        StsCallException failure = StsErrors.classify("GetCallerIdentity", stsError(403, "AccessDenied"));

        assertThat(failure.getMessage()).contains("GetCallerIdentity", "403", "AccessDenied", "req-7f3a");
    }

    @ParameterizedTest
    @CsvSource({
            "AccessDenied,            403",
            "ValidationError,         400",
            "RegionDisabledException, 403",
            "Throttling,              400",
            "InvalidClientTokenId,    403",
            "InternalFailure,         500"})
    void stsErrorMessageTextNeverReachesTheException(String code, int status) {
        StsException e = stsError(status, code);
        assertThat(e.getMessage()).as("precondition: the SDK exception carries the secret").contains(SECRET);

        StsCallException failure = StsErrors.classify("AssumeRole", e);

        assertThat(failure.getMessage()).doesNotContain(SECRET).doesNotContain(STS_MESSAGE);
        assertThat(failure.toString()).doesNotContain(SECRET);
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("cause %s is logged with the failure", t.getClass()).doesNotContain(SECRET);
        }
    }

    @Test
    void attemptTimeoutIsUnavailable() {
        SdkException e = ApiCallAttemptTimeoutException.builder().message("HTTP request execution did not complete before 1000 ms").build();

        StsCallException failure = StsErrors.classify("AssumeRole", e);

        assertThat(failure.failure()).isEqualTo(StsFailure.UNAVAILABLE);
        assertThat(failure.errorCode()).isEqualTo("Timeout");
        assertThat(failure.getMessage()).contains("AssumeRole", "timed out");
    }

    @Test
    void wholeCallTimeoutIsUnavailable() {
        SdkException e = ApiCallTimeoutException.builder().message("Client execution did not complete before 5000 ms").build();

        StsCallException failure = StsErrors.classify("GetCallerIdentity", e);

        assertThat(failure.failure()).isEqualTo(StsFailure.UNAVAILABLE);
        assertThat(failure.errorCode()).isEqualTo("Timeout");
    }

    @Test
    void missingBrokerCredentialsAreABrokerCredentialsFailure() {
        SdkException e = SdkClientException.create("Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain");

        StsCallException failure = StsErrors.classify("AssumeRole", e);

        assertThat(failure.failure()).isEqualTo(StsFailure.BROKER_CREDENTIALS);
        assertThat(failure.errorCode()).isEqualTo("NoCredentials");
        assertThat(failure.getMessage()).contains("AssumeRole", "no AWS credentials");
    }

    @Test
    void otherClientSideFailureIsUnavailable() {
        SdkException e = SdkClientException.create("Unable to execute HTTP request: Connection reset");

        StsCallException failure = StsErrors.classify("AssumeRole", e);

        assertThat(failure.failure()).isEqualTo(StsFailure.UNAVAILABLE);
        assertThat(failure.errorCode()).isEqualTo("ClientError");
        assertThat(failure.getMessage()).contains("AssumeRole", "SdkClientException");
    }

    @Test
    void clientFailureWithoutMessageIsUnavailable() {
        assertThat(StsErrors.classify("AssumeRole", SdkClientException.builder().build()).failure()).isEqualTo(StsFailure.UNAVAILABLE);
    }

    @ParameterizedTest
    @CsvSource({
            "ACCESS_DENIED,      access_denied",
            "THROTTLED,          throttled",
            "INVALID_REQUEST,    error",
            "REGION_DISABLED,    error",
            "BROKER_CREDENTIALS, error",
            "UNAVAILABLE,        error"})
    void metricOutcomeSeparatesAccessDeniedAndThrottlingFromOtherErrors(StsFailure failure, String outcome) {
        assertThat(StsErrors.outcome(failure)).isEqualTo(outcome);
    }

    /** What the SDK throws for an answer whose error code it could not read: no code, the body kept raw. */
    private static StsException unreadByTheSdk(int status, String body) {
        return (StsException) StsException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .rawResponse(SdkBytes.fromUtf8String(body))
                        .serviceName("Sts")
                        .build())
                .build();
    }

    private static StsException stsError(int status, String code) {
        return (StsException) StsException.builder()
                .statusCode(status)
                .requestId("req-7f3a")
                .message(STS_MESSAGE)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(STS_MESSAGE)
                        .serviceName("Sts")
                        .build())
                .build();
    }
}
