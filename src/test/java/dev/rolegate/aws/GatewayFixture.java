package dev.rolegate.aws;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real {@link SdkStsGateway} (SDK, HTTP client, retries) talking to the WireMock fake STS on loopback, with its own
 * meter registry and {@link StsHealth}, outside Quarkus. {@link #close()} stops everything.
 */
final class GatewayFixture implements AutoCloseable {

    static final String REGION = "eu-west-1";

    final FakeSts fake = new FakeSts();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final StsHealth health = new StsHealth(MutableClock.shared());
    final StsConfig config;
    final SdkStsGateway gateway;
    private final WireMockServer server;
    final StsClients clients;

    /** Timeouts and retries for the tests, and rolegate's usual shape otherwise. */
    record Config(Optional<URI> endpointOverride, int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration attemptTimeout,
            Duration callTimeout, Duration interactiveCallTimeout, Duration healthProbeInterval, boolean instanceMetadataEnabled,
            Duration connectTimeout) implements StsConfig {
    }

    GatewayFixture(int maxAttempts, Duration attemptTimeout, Duration callTimeout, Duration interactiveCallTimeout) {
        server = FakeStsResource.serve(fake);
        config = new Config(Optional.of(URI.create("http://127.0.0.1:" + server.port())), maxAttempts, Duration.ofMillis(1),
                Duration.ofMillis(5), attemptTimeout, callTimeout, interactiveCallTimeout, Duration.ofSeconds(30), false, Duration.ofSeconds(1));
        clients = new StsClients(config, brokerCredentials());
        gateway = new SdkStsGateway(clients, config, meters, health);
        warmUp();
    }

    /**
     * The first calls in a JVM load much of the SDK and of WireMock, which alone can outlast a test's timeouts; a
     * patient gateway of its own makes them, so that this fixture's meters and health start untouched.
     */
    private void warmUp() {
        Config patient = new Config(config.endpointOverride(), 1, config.baseBackoff(), config.maxBackoff(), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(30), config.healthProbeInterval(), false, Duration.ofSeconds(10));
        StsClients patientClients = new StsClients(patient, brokerCredentials());
        try {
            SdkStsGateway warm = new SdkStsGateway(patientClients, patient, new SimpleMeterRegistry(), new StsHealth(MutableClock.shared()));
            warm.callerIdentity(REGION, warm.assumeRole(customerRole("ext-id-warm-up-0001")).credentials());
        } finally {
            patientClients.close();
            fake.reset();
        }
    }

    private static StaticCredentialsProvider brokerCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(FakeSts.BROKER_ACCESS_KEY, FakeSts.BROKER_SECRET_KEY));
    }

    /** A role in a customer account the fake knows, and the command that assumes it. */
    AssumeRoleCommand customerRole(String externalId) {
        String arn = "arn:aws:iam::123456789012:role/Rolegate-" + UUID.randomUUID().toString().substring(0, 8);
        fake.createRole(arn, externalId, 3600);
        return new AssumeRoleCommand(arn, externalId, RoleSessionNames.of("fixture"), 900, REGION, Optional.empty());
    }

    double calls(String operation, String outcome) {
        var counter = meters.find(SdkStsGateway.CALLS_METRIC).tag("operation", operation).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The latest health observation in {@link #REGION}, or null if none. */
    StsHealth.Observation healthHere() {
        return health.latestByRegion().get(REGION);
    }

    @Override
    public void close() {
        clients.close();
        server.stop();
    }
}
