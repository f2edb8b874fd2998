package dev.rolegate.aws;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * One STS client per region, sharing an HTTP client and rolegate's own credentials. Regional
 * endpoints keep an outage in one region from affecting accounts in another.
 */
@ApplicationScoped
public class StsClients {

    private final StsConfig config;
    private final SdkHttpClient httpClient;
    private final AwsCredentialsProvider brokerCredentials;
    private final Map<String, StsClient> byRegion = new ConcurrentHashMap<>();

    @Inject
    public StsClients(StsConfig config) {
        this(config, DefaultCredentialsProvider.builder().build());
    }

    /** With rolegate's own credentials given rather than found by the SDK's default chain. */
    StsClients(StsConfig config, AwsCredentialsProvider brokerCredentials) {
        this.config = config;
        if (!config.instanceMetadataEnabled()) {
            // The SDK reads this switch only as a system property or environment variable.
            System.setProperty("aws.disableEc2Metadata", "true");
        }
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(config.connectTimeout())
                .socketTimeout(config.attemptTimeout())
                .build();
        this.brokerCredentials = brokerCredentials;
    }

    public StsClient forRegion(String region) {
        return byRegion.computeIfAbsent(region, this::build);
    }

    private StsClient build(String region) {
        StsClientBuilder builder = StsClient.builder()
                .region(Region.of(region))
                .httpClient(httpClient)
                .credentialsProvider(brokerCredentials)
                .overrideConfiguration(overrides());
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy())
                .apiCallAttemptTimeout(config.attemptTimeout())
                .apiCallTimeout(config.callTimeout())
                .build();
    }

    /**
     * Full-jitter exponential backoff; no shared retry quota, so one noisy account cannot starve the others' retries.
     * Besides the SDK's own rules, error answers it cannot read (a proxy's HTML page, moto's error envelope) are
     * retried when rolegate classifies them as transient.
     */
    private RetryStrategy retryStrategy() {
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(config.baseBackoff(), config.maxBackoff());
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .retryOnException(StsErrors::isUnrecognisedTransientAnswer)
                .maxAttempts(config.maxAttempts())
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                .circuitBreakerEnabled(false)
                .build();
    }

    @PreDestroy
    void close() {
        byRegion.values().forEach(StsClient::close);
        httpClient.close();
    }
}
