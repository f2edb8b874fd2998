package dev.rolegate.kubernetes;

import dev.rolegate.worker.WorkerAuthConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** One cluster's settings as a value, with the documented defaults and the knobs tests turn. */
public record TestClusterConfig(String issuer, String audience, WorkerAuthConfig.Verification verification, Optional<URI> jwksUrl,
        Optional<Path> jwksFile, Optional<URI> apiServerUrl, Optional<Path> bearerTokenFile, Optional<Path> caFile)
        implements WorkerAuthConfig.Cluster {

    /** Verified by JWKS, found by OIDC discovery at the issuer. */
    public static TestClusterConfig jwks(String issuer) {
        return new TestClusterConfig(issuer, "rolegate", WorkerAuthConfig.Verification.JWKS, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public static TestClusterConfig tokenReview(String issuer, URI apiServer) {
        return jwks(issuer).withVerification(WorkerAuthConfig.Verification.TOKEN_REVIEW).withApiServer(apiServer);
    }

    public TestClusterConfig withJwksUrl(URI url) {
        return new TestClusterConfig(issuer, audience, verification, Optional.of(url), jwksFile, apiServerUrl, bearerTokenFile, caFile);
    }

    public TestClusterConfig withJwksFile(Path file) {
        return new TestClusterConfig(issuer, audience, verification, jwksUrl, Optional.of(file), apiServerUrl, bearerTokenFile, caFile);
    }

    public TestClusterConfig withApiServer(URI url) {
        return new TestClusterConfig(issuer, audience, verification, jwksUrl, jwksFile, Optional.of(url), bearerTokenFile, caFile);
    }

    public TestClusterConfig withBearerTokenFile(Path file) {
        return new TestClusterConfig(issuer, audience, verification, jwksUrl, jwksFile, apiServerUrl, Optional.of(file), caFile);
    }

    public TestClusterConfig withCaFile(Path file) {
        return new TestClusterConfig(issuer, audience, verification, jwksUrl, jwksFile, apiServerUrl, bearerTokenFile, Optional.of(file));
    }

    public TestClusterConfig withVerification(WorkerAuthConfig.Verification newVerification) {
        return new TestClusterConfig(issuer, audience, newVerification, jwksUrl, jwksFile, apiServerUrl, bearerTokenFile, caFile);
    }
}
