package dev.rolegate.aws;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;

/** {@link StsGateway} on the AWS SDK for Java v2; counts every call by operation and outcome. */
@ApplicationScoped
public class SdkStsGateway implements StsGateway {

    static final String CALLS_METRIC = "rolegate.sts.calls";

    private final StsClients clients;
    private final MeterRegistry meters;
    private final StsHealth health;

    public SdkStsGateway(StsClients clients, MeterRegistry meters, StsHealth health) {
        this.clients = clients;
        this.meters = meters;
        this.health = health;
    }

    @Override
    public AssumedRole assumeRole(AssumeRoleCommand command) {
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
        AssumeRoleResponse response = call("AssumeRole", () -> clients.forRegion(command.region()).assumeRole(request.build()));
        return new AssumedRole(toCredentials(response.credentials()), response.assumedRoleUser().arn(), response.assumedRoleUser().assumedRoleId());
    }

    @Override
    public CallerIdentity callerIdentity(String region, TemporaryCredentials credentials) {
        GetCallerIdentityRequest request = GetCallerIdentityRequest.builder()
                .overrideConfiguration(AwsRequestOverrideConfiguration.builder()
                        .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
                        .build())
                .build();
        GetCallerIdentityResponse response = call("GetCallerIdentity", () -> clients.forRegion(region).getCallerIdentity(request));
        return new CallerIdentity(response.account(), response.arn(), response.userId());
    }

    private <T> T call(String operation, Supplier<T> call) {
        try {
            T result = call.get();
            count(operation, "success");
            health.success();
            return result;
        } catch (SdkException e) {
            StsCallException failure = StsErrors.classify(operation, e);
            count(operation, StsErrors.outcome(failure.failure()));
            health.failure(failure.failure());
            throw failure;
        }
    }

    private void count(String operation, String outcome) {
        meters.counter(CALLS_METRIC, "operation", operation, "outcome", outcome).increment();
    }

    private static TemporaryCredentials toCredentials(Credentials c) {
        return new TemporaryCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }
}
