package dev.rolegate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.rolegate.testsupport.FakeSts.Scripted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way an STS call can go wrong, against the real SDK and the WireMock fake: each ends in an
 * {@link StsCallException} with the right failure and code, counted, observed by health, and with a message that
 * quotes nothing STS (or a proxy) sent and never the External ID.
 */
class SdkStsGatewayFaultMatrixTest {

    private static final String EXTERNAL_ID = "ext-id-Matrix-7c41d9e2b8";
    private static final String ASSUME_ROLE = "AssumeRole";
    private static final String CALLER_IDENTITY = "GetCallerIdentity";
    private static final int MAX_ATTEMPTS = 2;
    private static final Set<StsFailure> HEALTH_RELEVANT = Set.of(StsFailure.UNAVAILABLE, StsFailure.THROTTLED, StsFailure.BROKER_CREDENTIALS);
    /** Everything a message may be: operation, status, code, request id, exception class names; nothing else. */
    private static final Pattern SAFE_MESSAGE = Pattern.compile("(AssumeRole|GetCallerIdentity) ("
            + "failed: STS \\d{3} [A-Za-z0-9]+ \\(request id [A-Za-z0-9-]+\\)"
            + "|failed: STS \\d{3} without a readable error code \\(request id [A-Za-z0-9-]+\\)"
            + "|failed: STS answered 200 without a usable result \\(request id [A-Za-z0-9-]+\\)"
            + "|failed: STS's answer could not be read"
            + "|timed out( waiting for STS \\([A-Za-z ]+\\))?"
            + "|failed before STS answered \\([A-Za-z ]+\\))");
    /** Codes of failures the SDK reports without the HTTP status (if there was one). */
    private static final Set<String> CLIENT_SIDE_LABELS = Set.of("ClientError", "Timeout", "UnreadableAnswer");
    private static final Pattern HTML_TITLE = Pattern.compile("<title>([^<]+)</title>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>(?:<!\\[CDATA\\[)?([^<\\]]+)");

    private static GatewayFixture sts;
    private TemporaryCredentials customerCredentials;

    @BeforeAll
    static void startFake() {
        sts = new GatewayFixture(MAX_ATTEMPTS, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(4));
    }

    @AfterAll
    static void stopFake() {
        sts.close();
    }

    @BeforeEach
    void freshFake() {
        sts.fake.reset();
        sts.meters.clear();
        customerCredentials = null;
    }

    static Stream<Arguments> faults() {
        String validation = "1 validation error detected: Value '" + EXTERNAL_ID + "' at 'externalId' failed to satisfy constraint";
        List<Arguments> rows = new ArrayList<>();
        for (String operation : List.of(ASSUME_ROLE, CALLER_IDENTITY)) {
            rows.addAll(List.of(
                    row(operation, "STS Throttling", Scripted.throttling(), StsFailure.THROTTLED, "Throttling"),
                    row(operation, "STS 503", Scripted.serviceUnavailable(), StsFailure.UNAVAILABLE, "ServiceUnavailable"),
                    row(operation, "STS 500", Scripted.internalFailure(), StsFailure.UNAVAILABLE, "InternalFailure"),
                    row(operation, "STS AccessDenied", Scripted.stsError(403, "AccessDenied", "User is not authorized"), StsFailure.ACCESS_DENIED, "AccessDenied"),
                    row(operation, "STS ValidationError quoting the External ID", Scripted.stsError(400, "ValidationError", validation),
                            StsFailure.INVALID_REQUEST, "ValidationError"),
                    row(operation, "STS ExpiredToken", Scripted.stsError(400, "ExpiredToken", "The security token included in the request is expired"),
                            StsFailure.BROKER_CREDENTIALS, "ExpiredToken"),
                    row(operation, "<Errors> AccessDenied", Scripted.errorsEnvelope(403, "AccessDenied", "User is not authorized"),
                            StsFailure.ACCESS_DENIED, "AccessDenied"),
                    row(operation, "<Errors> Throttling", Scripted.errorsEnvelope(400, "Throttling", "Rate exceeded"), StsFailure.THROTTLED, "Throttling"),
                    row(operation, "<Errors> ValidationError quoting the External ID", Scripted.errorsEnvelope(400, "ValidationError", validation),
                            StsFailure.INVALID_REQUEST, "ValidationError"),
                    row(operation, "<Errors> MaxSessionDuration", Scripted.errorsEnvelope(400, "ValidationError",
                            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."), StsFailure.DURATION_EXCEEDS_ROLE_MAX, "ValidationError"),
                    row(operation, "ErrorResponse without Code", Scripted.errorResponseWithoutCode(400), StsFailure.UNAVAILABLE, "Http400"),
                    row(operation, "nginx 502", Scripted.nginxBadGateway(), StsFailure.UNAVAILABLE, "Http502"),
                    row(operation, "nginx 504", Scripted.nginxGatewayTimeout(), StsFailure.UNAVAILABLE, "Http504"),
                    row(operation, "ALB 503", Scripted.elbServiceUnavailable(), StsFailure.UNAVAILABLE, "Http503"),
                    row(operation, "proxy 403", Scripted.proxyForbidden(), StsFailure.UNAVAILABLE, "Http403"),
                    row(operation, "empty 400", Scripted.emptyBody(400), StsFailure.UNAVAILABLE, "Http400"),
                    row(operation, "empty 403", Scripted.emptyBody(403), StsFailure.UNAVAILABLE, "Http403"),
                    row(operation, "empty 429", Scripted.emptyBody(429), StsFailure.THROTTLED, "Http429"),
                    row(operation, "empty 500", Scripted.emptyBody(500), StsFailure.UNAVAILABLE, "Http500"),
                    row(operation, "truncated AccessDenied", Scripted.truncated(403, "AccessDenied", "User is not authorized"), StsFailure.UNAVAILABLE, "Http403"),
                    row(operation, "HTML 200", Scripted.htmlOk(), StsFailure.UNAVAILABLE, "UnreadableAnswer"),
                    row(operation, "empty 200", Scripted.emptyBody(200), StsFailure.UNAVAILABLE, "IncompleteAnswer"),
                    row(operation, "truncated 200", Scripted.truncatedOk(), StsFailure.UNAVAILABLE, "UnreadableAnswer"),
                    row(operation, "connection reset", Scripted.connectionReset(), StsFailure.UNAVAILABLE, "ClientError"),
                    row(operation, "empty response", Scripted.fault(Fault.EMPTY_RESPONSE), StsFailure.UNAVAILABLE, "ClientError"),
                    row(operation, "random data, then close", Scripted.fault(Fault.RANDOM_DATA_THEN_CLOSE), StsFailure.UNAVAILABLE, "ClientError"),
                    row(operation, "slower than the attempt timeout", Scripted.delay(2500), StsFailure.UNAVAILABLE, "Timeout")));
        }
        rows.add(row(ASSUME_ROLE, "200 without Credentials", Scripted.assumeRoleWithoutCredentials(), StsFailure.UNAVAILABLE, "IncompleteAnswer"));
        rows.add(row(CALLER_IDENTITY, "200 without Account", Scripted.callerIdentityWithoutAccount(), StsFailure.UNAVAILABLE, "IncompleteAnswer"));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1} -> {3} {4}")
    @MethodSource("faults")
    void everyFaultEndsInAClassifiedStsCallException(String operation, String fault, Scripted answer, StsFailure failure, String code) {
        StsHealth.Observation before = prepare(operation);
        sts.fake.failAll(operation, answer);

        Throwable thrown = catchThrowable(() -> call(operation));

        assertThat(thrown).isExactlyInstanceOf(StsCallException.class);
        StsCallException e = (StsCallException) thrown;
        assertThat(e.failure()).isEqualTo(failure);
        assertThat(e.errorCode()).isEqualTo(code);
        if (!CLIENT_SIDE_LABELS.contains(code)) {
            assertThat(e.httpStatus()).hasValue(answer.status());
        }
        assertThat(sts.calls(operation, StsErrors.outcome(failure))).isEqualTo(1);
        assertThat(sts.calls(operation, "success")).isZero();
        assertHealth(failure, before);
        assertSafe(e, answer);
        assertThat(sts.fake.calls(operation)).hasSizeBetween(1, MAX_ATTEMPTS);
    }

    @Test
    void unreadableProxyAnswerIsRetriedLikeAnyTransientFailure() {
        AssumeRoleCommand command = sts.customerRole(EXTERNAL_ID);
        sts.fake.enqueue(ASSUME_ROLE, Scripted.proxyForbidden());

        AssumedRole assumed = sts.gateway.assumeRole(command);

        assertThat(assumed.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(sts.fake.calls(ASSUME_ROLE)).extracting(c -> c.status()).containsExactly(403, 200);
    }

    @Test
    void throttlingInTheErrorsEnvelopeIsRetriedThoughTheSdkCannotReadIt() {
        AssumeRoleCommand command = sts.customerRole(EXTERNAL_ID);
        sts.fake.enqueue(ASSUME_ROLE, Scripted.errorsEnvelope(400, "Throttling", "Rate exceeded"));

        sts.gateway.assumeRole(command);

        assertThat(sts.fake.calls(ASSUME_ROLE)).hasSize(2);
        assertThat(sts.calls(ASSUME_ROLE, "success")).isEqualTo(1);
    }

    @Test
    void accessDeniedInTheErrorsEnvelopeIsARevocationAndIsNotRetried() {
        AssumeRoleCommand command = sts.customerRole(EXTERNAL_ID);
        sts.fake.failAll(ASSUME_ROLE, Scripted.errorsEnvelope(403, "AccessDenied", "User is not authorized"));

        Throwable thrown = catchThrowable(() -> sts.gateway.assumeRole(command));

        assertThat(thrown).isInstanceOfSatisfying(StsCallException.class, e -> assertThat(e.failure()).isEqualTo(StsFailure.ACCESS_DENIED));
        assertThat(sts.fake.calls(ASSUME_ROLE)).hasSize(1);
    }

    @Test
    void stickyFaultLastsUntilRecoveredThenRealAnswersResume() {
        AssumeRoleCommand command = sts.customerRole(EXTERNAL_ID);
        sts.fake.failAll(ASSUME_ROLE, Scripted.nginxBadGateway());
        catchThrowable(() -> sts.gateway.assumeRole(command));
        catchThrowable(() -> sts.gateway.assumeRole(command));

        sts.fake.recover(ASSUME_ROLE);

        assertThat(sts.gateway.assumeRole(command).assumedRoleArn()).contains(":assumed-role/");
        assertThat(sts.fake.calls(ASSUME_ROLE)).extracting(c -> c.status()).containsExactly(502, 502, 502, 502, 200);
    }

    @Test
    void credentialsTheSdkRefusesBeforeSendingEndInAClassifiedFailureToo() {
        TemporaryCredentials empty = new TemporaryCredentials(null, null, null, null);

        Throwable thrown = catchThrowable(() -> sts.gateway.callerIdentity(GatewayFixture.REGION, empty));

        assertThat(thrown).isExactlyInstanceOf(StsCallException.class);
        assertThat(((StsCallException) thrown).errorCode()).isEqualTo("ClientError");
        assertThat(sts.calls(CALLER_IDENTITY, "error")).isEqualTo(1);
        assertThat(sts.fake.calls(CALLER_IDENTITY)).isEmpty();
    }

    /** For GetCallerIdentity, a real AssumeRole first, so the call is signed with credentials the fake issued. */
    private StsHealth.Observation prepare(String operation) {
        if (CALLER_IDENTITY.equals(operation)) {
            customerCredentials = sts.gateway.assumeRole(sts.customerRole(EXTERNAL_ID)).credentials();
            sts.meters.clear();
        }
        return sts.healthHere();
    }

    private Object call(String operation) {
        return ASSUME_ROLE.equals(operation)
                ? sts.gateway.assumeRole(sts.customerRole(EXTERNAL_ID))
                : sts.gateway.callerIdentity(GatewayFixture.REGION, customerCredentials);
    }

    /** STS's health moves only for failures that say something about STS; customer errors leave it as it was. */
    private static void assertHealth(StsFailure failure, StsHealth.Observation before) {
        StsHealth.Observation after = sts.healthHere();
        if (HEALTH_RELEVANT.contains(failure)) {
            assertThat(after.failure()).isEqualTo(failure);
        } else {
            assertThat(after).isEqualTo(before);
        }
    }

    private static void assertSafe(StsCallException e, Scripted answer) {
        assertThat(e.getMessage()).matches(SAFE_MESSAGE);
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            assertThat(text).as("%s in the chain", t.getClass()).doesNotContain(EXTERNAL_ID).doesNotContain("<");
            for (String quoted : distinctiveText(answer)) {
                assertThat(text).as("%s in the chain", t.getClass()).doesNotContain(quoted);
            }
        }
    }

    /** What a careless message would quote from the body: its HTML title or its XML error message. */
    private static List<String> distinctiveText(Scripted answer) {
        List<String> quoted = new ArrayList<>();
        if (answer.body() != null) {
            for (Pattern p : List.of(HTML_TITLE, XML_MESSAGE)) {
                Matcher m = p.matcher(answer.body());
                if (m.find() && m.group(1).length() > 8) {
                    quoted.add(m.group(1).substring(0, 8));
                }
            }
        }
        return quoted;
    }

    private static Arguments row(String operation, String fault, Scripted answer, StsFailure failure, String code) {
        return Arguments.of(operation, fault, answer, failure, code);
    }
}
