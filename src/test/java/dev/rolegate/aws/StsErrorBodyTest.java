package dev.rolegate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.FakeSts.Scripted;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading an error code from the bodies STS, STS-compatible servers and the things in between really send. */
class StsErrorBodyTest {

    @Test
    void readsCodeAndMessageFromRealStsEnvelope() {
        Optional<StsErrorBody> read = read(Scripted.stsError(403, "AccessDenied", "User: arn:aws:iam::111122223333:user/rolegate is not authorized"));

        assertThat(read).map(StsErrorBody::code).contains("AccessDenied");
        assertThat(read).map(StsErrorBody::message).hasValueSatisfying(m -> assertThat(m).contains("is not authorized"));
    }

    @Test
    void readsCodeAndCdataMessageFromMotoErrorsEnvelope() {
        Optional<StsErrorBody> read = read(Scripted.errorsEnvelope(400, "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));

        assertThat(read).map(StsErrorBody::code).contains("ValidationError");
        assertThat(read).map(StsErrorBody::message).hasValueSatisfying(m -> assertThat(m).contains("MaxSessionDuration"));
    }

    @Test
    void ignoresNamespacePrefixes() {
        String body = "<s:ErrorResponse xmlns:s=\"https://sts.amazonaws.com/doc/2011-06-15/\"><s:Error><s:Code>Throttling</s:Code>"
                + "</s:Error></s:ErrorResponse>";

        assertThat(StsErrorBody.read(bytes(body))).map(StsErrorBody::code).contains("Throttling");
    }

    @Test
    void unescapesEntitiesInTheMessage() {
        String body = "<ErrorResponse><Error><Code>ValidationError</Code><Message>a &amp; b &lt;MaxSessionDuration&gt;</Message></Error></ErrorResponse>";

        assertThat(StsErrorBody.read(bytes(body))).map(StsErrorBody::message).contains("a & b <MaxSessionDuration>");
    }

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of("STS envelope without Code", Scripted.errorResponseWithoutCode(400).body()),
                Arguments.of("truncated STS envelope with its Code complete", Scripted.truncated(403, "AccessDenied", "User: x is not authorized").body()),
                Arguments.of("nginx 502 page", Scripted.nginxBadGateway().body()),
                Arguments.of("nginx 504 page", Scripted.nginxGatewayTimeout().body()),
                Arguments.of("ALB 503 page", Scripted.elbServiceUnavailable().body()),
                Arguments.of("Squid 403 page with a DOCTYPE", Scripted.proxyForbidden().body()),
                Arguments.of("HTML 200 page", Scripted.htmlOk().body()),
                Arguments.of("empty body", ""),
                Arguments.of("whitespace", "  \n "),
                Arguments.of("JSON error", "{\"__type\":\"AccessDenied\",\"message\":\"denied\"}"),
                Arguments.of("Code outside an ErrorResponse", "<Response><Error><Code>AccessDenied</Code></Error></Response>"),
                Arguments.of("Code nested too deep", "<ErrorResponse><Error><Detail><Code>AccessDenied</Code></Detail></Error></ErrorResponse>"),
                Arguments.of("Code that is not an identifier", "<ErrorResponse><Error><Code>Access Denied!</Code></Error></ErrorResponse>"),
                Arguments.of("Code with markup inside", "<ErrorResponse><Error><Code><b>AccessDenied</b></Code></Error></ErrorResponse>"),
                Arguments.of("empty Code", "<ErrorResponse><Error><Code></Code></Error></ErrorResponse>"),
                Arguments.of("trailing garbage", "<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse><more/>"),
                Arguments.of("external entity (XXE)", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                        + "<ErrorResponse><Error><Code>&x;</Code></Error></ErrorResponse>"),
                Arguments.of("entity expansion", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"AccessDenied\">]>"
                        + "<ErrorResponse><Error><Code>&a;</Code></Error></ErrorResponse>"),
                Arguments.of("undeclared entity", "<ErrorResponse><Error><Code>&a;</Code></Error></ErrorResponse>"),
                Arguments.of("binary noise", "\u0000\u0001\u00ff<<<"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void unreadableBodyHasNoCode(String description, String body) {
        assertThat(StsErrorBody.read(bytes(body))).isEmpty();
    }

    @Test
    void nullBodyHasNoCode() {
        assertThat(StsErrorBody.read(null)).isEmpty();
    }

    @Test
    void oversizedBodyIsNotReadEvenWithACodeUpFront() {
        String body = "<ErrorResponse><Error><Code>AccessDenied</Code><Message>" + "x".repeat(StsErrorBody.MAX_BYTES) + "</Message></Error></ErrorResponse>";

        assertThat(StsErrorBody.read(bytes(body))).isEmpty();
    }

    @Test
    void toStringHidesTheMessage() {
        assertThat(new StsErrorBody("ValidationError", "Value 'ext-id-SECRET' at 'externalId'").toString())
                .contains("ValidationError").doesNotContain("SECRET");
    }

    private static Optional<StsErrorBody> read(Scripted answer) {
        return StsErrorBody.read(bytes(answer.body()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
