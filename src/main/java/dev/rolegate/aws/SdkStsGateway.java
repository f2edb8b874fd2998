package dev.rolegate.aws;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumedRoleUser;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.StsResponse;

/**
 * {@link StsGateway} on the AWS SDK for Java v2. Every call, whatever it ends in, is counted by operation and
 * outcome and observed by {@link StsHealth}; every failure leaves as an {@link StsCallException}.
 */
@ApplicationScoped
public class SdkStsGateway implements StsGateway {

    static final String CALLS_METRIC = "rolegate.sts.calls";
    private static final String ASSUME_ROLE = "AssumeRole";
    private static final String CALLER_IDENTITY = "GetCallerIdentity";
    /** Every outcome {@link #count} records: "success" and each of {@link StsErrors#outcome}. */
    static final List<String> OUTCOMES = List.of("success", "access_denied", "throttled", "error");

    private final StsClients clients;
    private final StsConfig config;
    private final MeterRegistry meters;
    private final StsHealth health;

    public SdkStsGateway(StsClients clients, StsConfig config, MeterRegistry meters, StsHealth health) {
        this.clients = clients;
        this.config = config;
        this.meters = meters;
        this.health = health;
    }

    /**
     * Every operation and outcome counts from 0 as soon as rolegate starts, so a rate or an absence alert on
     * rolegate_sts_calls_total has a series to read after a restart, before the first call.
     */
    void registerCounters(@Observes StartupEvent started) {
        for (String operation : List.of(ASSUME_ROLE, CALLER_IDENTITY)) {
            OUTCOMES.forEach(outcome -> meters.counter(CALLS_METRIC, "operation", operation, "outcome", outcome));
        }
    }

    @Override
    public AssumedRole assumeRole(AssumeRoleCommand command) {
        return assumeRole(command, config.callTimeout());
    }

    @Override
    public AssumedRole assumeRole(AssumeRoleCommand command, Duration budget) {
        return call(ASSUME_ROLE, command.region(), budget, overrides -> {
            AssumeRoleRequest request = assumeRoleRequest(command).overrideConfiguration(overrides.build()).build();
            return toAssumedRole(clients.forRegion(command.region()).assumeRole(request));
        });
    }

    @Override
    public CallerIdentity callerIdentity(String region, TemporaryCredentials credentials) {
        return callerIdentity(region, credentials, config.callTimeout());
    }

    @Override
    public CallerIdentity callerIdentity(String region, TemporaryCredentials credentials, Duration budget) {
        return call(CALLER_IDENTITY, region, budget, overrides -> callerIdentity(region, overrides.credentialsProvider(
                StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))));
    }

    @Override
    public CallerIdentity probe(String region) {
        return call(CALLER_IDENTITY, region, config.interactiveCallTimeout(), overrides -> callerIdentity(region, overrides));
    }

    private CallerIdentity callerIdentity(String region, AwsRequestOverrideConfiguration.Builder overrides) {
        GetCallerIdentityRequest request = GetCallerIdentityRequest.builder().overrideConfiguration(overrides.build()).build();
        return toCallerIdentity(clients.forRegion(region).getCallerIdentity(request));
    }

    private <T> T call(String operation, String region, Duration budget, SdkCall<T> call) {
        if (Objects.requireNonNull(budget, "budget").isNegative() || budget.isZero()) {
            throw StsErrors.noTimeLeft(operation);
        }
        try {
            T result = call.within(budgeted(budget));
            count(operation, "success");
            health.success(region);
            return result;
        } catch (RuntimeException e) {
            StsCallException failure = StsErrors.classify(operation, e);
            count(operation, StsErrors.outcome(failure.failure()));
            health.failure(region, failure.failure());
            throw failure;
        }
    }

    /** The whole call ends within {@code budget} (at most the configured call timeout), and so does each attempt. */
    private AwsRequestOverrideConfiguration.Builder budgeted(Duration budget) {
        Duration callTimeout = min(budget, config.callTimeout());
        return AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(callTimeout)
                .apiCallAttemptTimeout(min(config.attemptTimeout(), callTimeout));
    }

    private void count(String operation, String outcome) {
        meters.counter(CALLS_METRIC, "operation", operation, "outcome", outcome).increment();
    }

    private static AssumeRoleRequest.Builder assumeRoleRequest(AssumeRoleCommand command) {
        AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
                .roleArn(command.roleArn())
                .externalId(command.externalId())
                .roleSessionName(command.roleSessionName())
                .durationSeconds(command.durationSeconds());
        command.sourceIdentity().ifPresent(request::sourceIdentity);
        command.policy().ifPresent(request::policy);
        if (!command.policyArns().isEmpty()) {
            request.policyArns(command.policyArns().stream().map(arn -> PolicyDescriptorType.builder().arn(arn).build()).toList());
        }
        return request;
    }

    /** A 200 that lacks any part rolegate hands on (the SDK accepts an HTML or empty 200 as an empty response). */
    private static AssumedRole toAssumedRole(AssumeRoleResponse response) {
        Credentials c = response.credentials();
        AssumedRoleUser user = response.assumedRoleUser();
        if (c == null || user == null || anyBlank(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), user.arn(), user.assumedRoleId())
                || c.expiration() == null) {
            throw StsErrors.incompleteAnswer(ASSUME_ROLE, requestIdOf(response));
        }
        return new AssumedRole(new TemporaryCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration()),
                user.arn(), user.assumedRoleId());
    }

    private static CallerIdentity toCallerIdentity(GetCallerIdentityResponse response) {
        if (anyBlank(response.account(), response.arn(), response.userId())) {
            throw StsErrors.incompleteAnswer(CALLER_IDENTITY, requestIdOf(response));
        }
        return new CallerIdentity(response.account(), response.arn(), response.userId());
    }

    private static String requestIdOf(StsResponse response) {
        return response.responseMetadata() == null ? null : response.responseMetadata().requestId();
    }

    private static boolean anyBlank(String... values) {
        for (String value : values) {
            if (value == null || value.isBlank()) {
                return true;
            }
        }
        return false;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One SDK call, made with the given per-request overrides. */
    @FunctionalInterface
    private interface SdkCall<T> {
        T within(AwsRequestOverrideConfiguration.Builder overrides);
    }
}
