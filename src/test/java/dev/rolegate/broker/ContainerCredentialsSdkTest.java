package dev.rolegate.broker;

import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.Workers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The AWS SDK for Java v2's own ContainerCredentialsProvider as the client, configured exactly as a
 * worker would be: a full URI on loopback and an authorization token.
 */
@QuarkusTest
class ContainerCredentialsSdkTest {

    @TestHTTPResource("/")
    URL base;

    private final FakeSts sts = FakeStsResource.fake();

    @AfterEach
    void clearSdkSettings() {
        System.clearProperty("aws.containerCredentialsFullUri");
        System.clearProperty("aws.containerAuthorizationToken");
    }

    @Test
    void sdkContainerProviderReceivesTheCustomersSessionCredentials() {
        String project = newProject();
        UUID account = Accounts.connected(sts, project, randomRoleArn(), 3600, 43200);
        Workers.Token worker = Workers.newToken(project);
        Workers.grant(project, worker, account);
        configureSdk(project, account, worker.secret());

        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            AwsCredentials credentials = provider.resolveCredentials();

            assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
            FakeSts.Issued issued = sts.issued(credentials.accessKeyId()).orElseThrow();
            assertThat(credentials.secretAccessKey()).isEqualTo(issued.secretAccessKey());
            assertThat(((AwsSessionCredentials) credentials).sessionToken()).isEqualTo(issued.sessionToken());
        }
    }

    @Test
    void sdkContainerProviderFailsClosedWithAWrongToken() {
        String project = newProject();
        UUID account = Accounts.connected(sts, project, randomRoleArn(), 3600, 43200);
        configureSdk(project, account, "rgw_wrong");

        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            assertThatThrownBy(provider::resolveCredentials).isInstanceOf(SdkClientException.class);
        }
    }

    private void configureSdk(String project, UUID account, String token) {
        String uri = "http://127.0.0.1:" + base.getPort() + "/v1/container-credentials/" + project + "/" + account;
        System.setProperty("aws.containerCredentialsFullUri", uri);
        System.setProperty("aws.containerAuthorizationToken", token);
    }
}
