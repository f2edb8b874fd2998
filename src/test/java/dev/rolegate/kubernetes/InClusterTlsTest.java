package dev.rolegate.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolegate.testsupport.FakeKubeApiServer;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.TestCertificates;
import dev.rolegate.worker.WorkerAuthenticationException;
import dev.rolegate.worker.WorkerIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calls to the API server as they go in a cluster: over https, trusting only the cluster CA of the {@code ca-file}
 * ({@code /var/run/secrets/kubernetes.io/serviceaccount/ca.crt}), with the service-account bearer token. The CA, the
 * API server's certificate it signs (for 127.0.0.1) and an unrelated CA are made with keytool.
 */
class InClusterTlsTest {

    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final SigningCluster CLUSTER = SigningCluster.generate(ISSUER);
    private static final String BEARER = "rolegate-sa-token-1";

    @TempDir
    static Path certificatesDir;
    private static TestCertificates certificates;
    private static FakeKubeApiServer api;

    private final MutableClock clock = new MutableClock();
    @TempDir
    Path secrets;
    private Path bearerFile;

    @BeforeAll
    static void startApiServerWithACertificateOfTheClusterCa() throws Exception {
        certificates = new TestCertificates(certificatesDir);
        Path keystore = certificates.caSignedServer("cluster-ca", "kube-apiserver");
        certificates.selfSignedCa("other-ca");
        api = FakeKubeApiServer.https(keystore, TestCertificates.PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void freshApiServer() throws IOException {
        api.reset();
        bearerFile = Files.writeString(secrets.resolve("token"), BEARER + "\n");
    }

    private TestClusterConfig jwksWithCa(Path caFile) {
        return TestClusterConfig.jwks(ISSUER).withJwksUrl(api.url(FakeKubeApiServer.JWKS_PATH)).withBearerTokenFile(bearerFile).withCaFile(caFile);
    }

    private Trust trusting(TestClusterConfig cluster) {
        return Trust.of(TestKubernetesConfig.none().with("home", cluster), clock);
    }

    @Test
    void keySetIsFetchedOverHttpsTrustingTheClusterCaFileWithTheBearerToken() {
        api.serveJwks(CLUSTER.jwks(), BEARER);
        Trust trust = trusting(jwksWithCa(certificates.file("cluster-ca.crt")));

        assertThat(trust.verifier().verify(CLUSTER.token("deploy", "runner"))).isEqualTo(WorkerIdentity.serviceAccount("system:serviceaccount:deploy:runner"));
        assertThat(api.jwksRequests()).isEqualTo(1);
        assertThat(trust.health()).startsWith("UP");
    }

    @Test
    void apiServerCertificateNotSignedByTheCaFileIsATlsFailureAndA503NeverSendingTheBearer() {
        api.serveJwks(CLUSTER.jwks(), BEARER);
        Trust trust = trusting(jwksWithCa(certificates.file("other-ca.crt")));
        String token = CLUSTER.token("deploy", "runner");

        try (CapturedLog log = new CapturedLog()) {
            assertThatThrownBy(() -> trust.verifier().verify(token))
                    .isInstanceOf(KubernetesUnavailableException.class).isNotInstanceOf(WorkerAuthenticationException.class)
                    .hasMessageContaining("'home'").hasMessageContaining("signing keys")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
            assertThat(log.warnings()).singleElement().asString()
                    .contains("'home'", "(tls)", "TLS with " + api.url()).doesNotContain(token).doesNotContain(BEARER);
            assertThat(log.all()).doesNotContain(token).doesNotContain(BEARER);
        }
        assertThat(trust.failures("home", "tls")).isEqualTo(1);
        assertThat(trust.health()).startsWith("DOWN").contains("failing=home");
        assertThat(api.jwksRequests()).as("no request reached the server, so the bearer never left").isZero();
    }

    @Test
    void caBundleOfSeveralCertificatesTrustsTheServerSignedByAnyOfThem() throws IOException {
        Path bundle = secrets.resolve("ca.crt");
        Files.writeString(bundle, Files.readString(certificates.file("other-ca.crt")) + Files.readString(certificates.file("cluster-ca.crt")));
        api.serveJwks(CLUSTER.jwks(), BEARER);
        Trust trust = trusting(jwksWithCa(bundle));

        assertThat(trust.verifier().verify(CLUSTER.token("deploy", "runner")).identity()).isEqualTo("system:serviceaccount:deploy:runner");
    }

    @Test
    void withoutACaFileTheJdkTrustStoreDoesNotTrustTheClusterCa() {
        api.serveJwks(CLUSTER.jwks(), BEARER);
        Trust trust = trusting(TestClusterConfig.jwks(ISSUER).withJwksUrl(api.url(FakeKubeApiServer.JWKS_PATH)).withBearerTokenFile(bearerFile));

        assertThatThrownBy(() -> trust.verifier().verify(CLUSTER.token("deploy", "runner"))).isInstanceOf(KubernetesUnavailableException.class);
        assertThat(trust.failures("home", "tls")).isEqualTo(1);
    }

    @Test
    void tokenReviewOverHttpsTrustingTheClusterCaFileGivesTheServiceAccount() {
        String token = CLUSTER.token("deploy", "runner");
        api.reviewAuthenticates(token, BEARER, "system:serviceaccount:deploy:runner", List.of("rolegate"));
        Trust trust = trusting(TestClusterConfig.tokenReview(ISSUER, api.url()).withBearerTokenFile(bearerFile)
                .withCaFile(certificates.file("cluster-ca.crt")));

        assertThat(trust.verifier().verify(token)).isEqualTo(WorkerIdentity.serviceAccount("system:serviceaccount:deploy:runner"));
        assertThat(api.reviewRequests()).isEqualTo(1);
        assertThat(trust.health()).startsWith("UP");
    }

    @Test
    void tokenReviewWithACaFileThatDoesNotSignTheServerIsATlsFailureAndA503() {
        String token = CLUSTER.token("deploy", "runner");
        api.reviewAuthenticates(token, BEARER, "system:serviceaccount:deploy:runner", List.of("rolegate"));
        Trust trust = trusting(TestClusterConfig.tokenReview(ISSUER, api.url()).withBearerTokenFile(bearerFile)
                .withCaFile(certificates.file("other-ca.crt")));

        assertThatThrownBy(() -> trust.verifier().verify(token)).isInstanceOf(KubernetesUnavailableException.class).hasMessageContaining("TokenReview");
        assertThat(trust.failures("home", "tls")).isEqualTo(1);
        assertThat(api.reviewRequests()).isZero();
    }

    @Test
    void missingCaFileIsALocalFileFailureNamingTheFileAndA503() {
        Path missing = secrets.resolve("ca.crt");
        api.serveJwks(CLUSTER.jwks(), BEARER);
        Trust trust = trusting(jwksWithCa(missing));

        try (CapturedLog log = new CapturedLog()) {
            assertThatThrownBy(() -> trust.verifier().verify(CLUSTER.token("deploy", "runner"))).isInstanceOf(KubernetesUnavailableException.class);
            assertThat(log.warnings()).singleElement().asString().contains("(local_file)", "the CA file " + missing + " cannot be read", "NoSuchFileException");
        }
        assertThat(trust.failures("home", "local_file")).isEqualTo(1);
        assertThat(api.jwksRequests()).isZero();
    }

    @Test
    void caFileThatAppearsAfterStartUpIsUsedOnTheNextFetch() throws IOException {
        Path mountedLater = secrets.resolve("ca.crt");
        api.serveJwks(CLUSTER.jwks(), BEARER);
        Trust trust = trusting(jwksWithCa(mountedLater));
        assertThatThrownBy(() -> trust.verifier().verify(CLUSTER.token("deploy", "runner"))).isInstanceOf(KubernetesUnavailableException.class);

        Files.copy(certificates.file("cluster-ca.crt"), mountedLater);
        clock.advance(Duration.ofSeconds(31));

        assertThat(trust.verifier().verify(CLUSTER.token("deploy", "runner")).identity()).isEqualTo("system:serviceaccount:deploy:runner");
        assertThat(trust.health()).startsWith("UP");
    }

    @Test
    void caFileRotatedAfterATlsFailureIsReadAgainOnTheNextFetch() throws IOException {
        Path caFile = Files.copy(certificates.file("other-ca.crt"), secrets.resolve("ca.crt"));
        api.serveJwks(CLUSTER.jwks(), BEARER);
        Trust trust = trusting(jwksWithCa(caFile));
        assertThatThrownBy(() -> trust.verifier().verify(CLUSTER.token("deploy", "runner"))).isInstanceOf(KubernetesUnavailableException.class);

        Files.copy(certificates.file("cluster-ca.crt"), caFile, StandardCopyOption.REPLACE_EXISTING);
        clock.advance(Duration.ofSeconds(31));

        assertThat(trust.verifier().verify(CLUSTER.token("deploy", "runner")).identity()).isEqualTo("system:serviceaccount:deploy:runner");
        assertThat(trust.health()).startsWith("UP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a certificate: c2VjcmV0\n", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n", ""})
    void caFileWithoutAPemCertificateIsALocalFileFailureWithoutItsContent(String content) throws IOException {
        Path notACertificate = Files.writeString(secrets.resolve("ca.crt"), content);
        api.serveJwks(CLUSTER.jwks(), BEARER);
        Trust trust = trusting(jwksWithCa(notACertificate));

        try (CapturedLog log = new CapturedLog()) {
            assertThatThrownBy(() -> trust.verifier().verify(CLUSTER.token("deploy", "runner"))).isInstanceOf(KubernetesUnavailableException.class);
            assertThat(log.warnings()).singleElement().asString().contains("(local_file)", "the CA file " + notACertificate).doesNotContain("c2VjcmV0");
        }
        assertThat(trust.failures("home", "local_file")).isEqualTo(1);
        assertThat(api.jwksRequests()).isZero();
    }
}
