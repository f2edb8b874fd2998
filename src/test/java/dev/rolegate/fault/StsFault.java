package dev.rolegate.fault;

import dev.rolegate.aws.StsFailure;
import dev.rolegate.testsupport.FakeSts.Scripted;
import java.util.List;
import java.util.Locale;

/**
 * One way an STS call can go wrong, as the fake STS answers it every time until recovered (so it outlasts the
 * retries), with how rolegate must classify it: {@code failure} and the error code it reports.
 */
record StsFault(String name, Scripted answer, StsFailure failure, String code) {

    /** Everything that is not a readable customer verdict: STS trouble, STS-compatible servers, proxies, the network. */
    static List<StsFault> transientFaults() {
        return List.of(
                new StsFault("STS Throttling", Scripted.throttling(), StsFailure.THROTTLED, "Throttling"),
                new StsFault("<Errors> Throttling", Scripted.errorsEnvelope(400, "Throttling", "Rate exceeded"), StsFailure.THROTTLED, "Throttling"),
                new StsFault("empty 429", Scripted.emptyBody(429), StsFailure.THROTTLED, "Http429"),
                new StsFault("STS 503", Scripted.serviceUnavailable(), StsFailure.UNAVAILABLE, "ServiceUnavailable"),
                new StsFault("STS 500", Scripted.internalFailure(), StsFailure.UNAVAILABLE, "InternalFailure"),
                new StsFault("<Errors> 503", Scripted.errorsEnvelope(503, "ServiceUnavailable", "Service is unavailable"),
                        StsFailure.UNAVAILABLE, "ServiceUnavailable"),
                new StsFault("ErrorResponse without Code", Scripted.errorResponseWithoutCode(400), StsFailure.UNAVAILABLE, "Http400"),
                new StsFault("proxy HTML 403", Scripted.proxyForbidden(), StsFailure.UNAVAILABLE, "Http403"),
                new StsFault("nginx HTML 500", Scripted.nginxInternalServerError(), StsFailure.UNAVAILABLE, "Http500"),
                new StsFault("nginx HTML 502", Scripted.nginxBadGateway(), StsFailure.UNAVAILABLE, "Http502"),
                new StsFault("ALB HTML 503", Scripted.elbServiceUnavailable(), StsFailure.UNAVAILABLE, "Http503"),
                new StsFault("empty 403", Scripted.emptyBody(403), StsFailure.UNAVAILABLE, "Http403"),
                new StsFault("empty 500", Scripted.emptyBody(500), StsFailure.UNAVAILABLE, "Http500"),
                new StsFault("empty 200", Scripted.emptyBody(200), StsFailure.UNAVAILABLE, "IncompleteAnswer"),
                new StsFault("truncated AccessDenied", Scripted.truncated(403, "AccessDenied", "User is not authorized"),
                        StsFailure.UNAVAILABLE, "Http403"),
                new StsFault("truncated 200", Scripted.truncatedOk(), StsFailure.UNAVAILABLE, "UnreadableAnswer"),
                new StsFault("connection reset", Scripted.connectionReset(), StsFailure.UNAVAILABLE, "ClientError"),
                new StsFault("slower than the attempt timeout", Scripted.delay(2500), StsFailure.UNAVAILABLE, "Timeout"));
    }

    /** A readable AccessDenied: the customer's role refused rolegate, whichever envelope carries it. */
    static List<StsFault> accessDenied() {
        String message = "User: arn:aws:iam::111122223333:user/rolegate is not authorized to perform: sts:AssumeRole";
        return List.of(
                new StsFault("STS AccessDenied", Scripted.stsError(403, "AccessDenied", message), StsFailure.ACCESS_DENIED, "AccessDenied"),
                new StsFault("<Errors> AccessDenied", Scripted.errorsEnvelope(403, "AccessDenied", message), StsFailure.ACCESS_DENIED, "AccessDenied"));
    }

    /** The {@code outcome} tag of {@code rolegate.sts.calls} this fault ends in. */
    String outcome() {
        return switch (failure) {
            case ACCESS_DENIED -> "access_denied";
            case THROTTLED -> "throttled";
            default -> "error";
        };
    }

    /** The {@code reason} tag of {@code rolegate.session.refresh.failures} this fault ends in. */
    String refreshFailureReason() {
        return failure.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name;
    }
}
