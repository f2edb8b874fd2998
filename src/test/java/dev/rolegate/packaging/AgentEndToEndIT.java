package dev.rolegate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.LoadDriver;
import dev.rolegate.testsupport.PackagedAgent;
import dev.rolegate.testsupport.PackagedBroker;
import dev.rolegate.testsupport.SdkCallerIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node agent as a pod uses it: the packaged rolegate (production profile, its PostgreSQL, the fake STS), the
 * packaged agent in its own process with only its jar and lib directory, and the AWS SDK for Java v2 in a third
 * process given nothing but AWS_CONTAINER_CREDENTIALS_FULL_URI (the agent, on loopback) and the worker's token, in a
 * variable or a file. The SDK's GetCallerIdentity must reach STS signed with credentials rolegate issued. The agent
 * talks plain http to rolegate here, on loopback; TLS to rolegate is covered by UpstreamTlsTest.
 */
class AgentEndToEndIT {

    private static PackagedBroker broker;
    private static WireMockServer stsForWorkers;
    private static PackagedAgent agent;
    private static URI rolegateUrl;
    private static String workerToken;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() throws Exception {
        broker = PackagedBroker.start(Map.of());
        // The worker's STS endpoint: the same fake STS rolegate uses, so it knows the credentials rolegate issued.
        stsForWorkers = FakeStsResource.serve(broker.sts());
        HttpRequest sdkRequest = containerTarget().request().apply("e2e").build();
        rolegateUrl = sdkRequest.uri();
        workerToken = sdkRequest.headers().firstValue("Authorization").orElseThrow();
        agent = PackagedAgent.start("http://127.0.0.1:" + rolegateUrl.getPort(), Map.of(), PackagedAgent.JVM_OPTIONS);
        agent.awaitReady(30);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (stsForWorkers != null) {
            stsForWorkers.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theAgentJarCarriesOnlyTheAgentAndTheSharedProtocolCodes() throws IOException {
        try (JarFile jar = new JarFile(PackagedAgent.JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.rolegate.agent.AgentMain");
            assertThat(jar.stream().map(entry -> entry.getName()).filter(name -> name.endsWith(".class")))
                    .isNotEmpty().allMatch(name -> name.startsWith("dev/rolegate/agent/") || name.startsWith("dev/rolegate/protocol/"));
        }
        try (var lib = Files.list(PackagedAgent.JAR.toAbsolutePath().getParent().resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("caffeine.jar", "jackson-databind.jar", "jackson-core.jar", "jackson-annotations.jar");
        }
    }

    @Test
    void theJavaSdkGetsCredentialsThroughTheAgentWithTheTokenVariable() throws Exception {
        String accessKeyId = runSdk(Map.of("AWS_CONTAINER_AUTHORIZATION_TOKEN", workerToken));

        assertThat(broker.sts().issued(accessKeyId)).as("STS saw a request signed with credentials rolegate issued").isPresent();
    }

    @Test
    void theJavaSdkGetsCredentialsThroughTheAgentWithTheTokenFile() throws Exception {
        // as the kubelet writes a projected token: no trailing newline (the Java SDK sends a file's newline as is and fails)
        Path tokenFile = Files.writeString(temp.resolve("token"), workerToken, StandardCharsets.US_ASCII);

        String accessKeyId = runSdk(Map.of("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile.toString()));

        assertThat(broker.sts().issued(accessKeyId)).as("STS saw a request signed with credentials rolegate issued").isPresent();
    }

    @Test
    void aSecondWorkerProcessWithTheSameTokenIsServedFromTheAgentsCache() throws Exception {
        String first = runSdk(Map.of("AWS_CONTAINER_AUTHORIZATION_TOKEN", workerToken));
        long auditedBefore = broker.auditedRequestIds().size();

        String second = runSdk(Map.of("AWS_CONTAINER_AUTHORIZATION_TOKEN", workerToken));

        assertThat(second).isEqualTo(first);
        assertThat(broker.auditedRequestIds()).as("no new issuance at rolegate").hasSize((int) auditedBefore);
        assertThat(agent.metrics()).containsPattern("rolegate_agent_cache_hits_total [1-9]");
    }

    @Test
    void aTokenRolegateDoesNotKnowIsRefusedAndTheSdkGetsNoCredentials() throws Exception {
        String unknown = "rgw_notATokenRolegateIssued0000000000000000000000";

        SdkRun run = sdk(Map.of("AWS_CONTAINER_AUTHORIZATION_TOKEN", unknown));

        assertThat(run.exitCode()).isNotZero();
        // the Java SDK's chain reports only that the container provider failed; the agent counts rolegate's refusal
        assertThat(run.output()).doesNotContain("accessKeyId=", unknown).contains("ContainerCredentialsProvider(): Failed to load credentials");
        assertThat(agent.metrics()).containsPattern("rolegate_agent_requests_total\\{outcome=\"refused_by_rolegate\"} [1-9]");
    }

    private static String runSdk(Map<String, String> tokenVariable) throws Exception {
        SdkRun run = sdk(tokenVariable);
        assertThat(run.exitCode()).as(run.output() + "\nagent:\n" + agent.output()).isZero();
        assertThat(run.output()).contains("arn=arn:aws:sts::");
        return run.output().lines().filter(line -> line.startsWith("accessKeyId=")).findFirst().orElseThrow().substring("accessKeyId=".length());
    }

    private record SdkRun(int exitCode, String output) {
    }

    /** The worker process: the test class path, and of the environment only what a pod would set. */
    private static SdkRun sdk(Map<String, String> tokenVariable) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), SdkCallerIdentity.class.getName(),
                "http://127.0.0.1:" + stsForWorkers.port()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("ROLEGATE_") || k.startsWith("QUARKUS_"));
        builder.environment().put("AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.url() + rolegateUrl.getRawPath());
        // keep the chain's earlier providers from finding anything on this machine
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", temp.resolve("no-credentials").toString());
        builder.environment().put("AWS_CONFIG_FILE", temp.resolve("no-config").toString());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(tokenVariable);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new SdkRun(process.exitValue(), output);
    }

    private static LoadDriver.Target containerTarget() {
        return broker.credentialTargets().stream().filter(t -> t.name().equals(PackagedBroker.CONTAINER)).findFirst().orElseThrow();
    }
}
