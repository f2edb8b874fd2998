package dev.rolegate.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts one {@link FakeKubeApiServer} for every {@code @QuarkusTest} (global, like the fake STS, so the application
 * still starts once) and trusts it as cluster "review", verified by TokenReview with a bearer-token file, configured
 * as the deploy manifests configure a cluster. Its issuer is its own, so the profile's "test" cluster is unaffected.
 */
@WithTestResource(value = FakeKubeApiServerResource.class, scope = TestResourceScope.GLOBAL)
public class FakeKubeApiServerResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://oidc.review.cluster.example";
    public static final String BEARER = "rolegate-sa-token-in-test";
    private static final FakeKubeApiServer API = new FakeKubeApiServer();

    /** The one fake shared by every test in this JVM. */
    public static FakeKubeApiServer api() {
        return API;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path bearer = Files.createTempFile("rolegate-bearer", ".token");
            bearer.toFile().deleteOnExit();
            Files.writeString(bearer, BEARER + "\n");
            String cluster = "rolegate.workers.kubernetes.clusters.\"review\".";
            return Map.of(cluster + "issuer", ISSUER, cluster + "verification", "token-review",
                    cluster + "api-server-url", API.url().toString(), cluster + "bearer-token-file", bearer.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        API.close();
    }
}
