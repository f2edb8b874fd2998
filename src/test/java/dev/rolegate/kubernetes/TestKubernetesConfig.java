package dev.rolegate.kubernetes;

import dev.rolegate.worker.WorkerAuthConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The Kubernetes settings with the documented defaults, and the clusters a test trusts. */
public record TestKubernetesConfig(Map<String, WorkerAuthConfig.Cluster> clusters, Duration tokenReviewCacheTtl, Optional<String> homeCluster,
        int tokenReviewMaxConcurrent) implements WorkerAuthConfig.Kubernetes {

    public static TestKubernetesConfig none() {
        return new TestKubernetesConfig(Map.of(), Duration.ofSeconds(30), Optional.empty(), 32);
    }

    public TestKubernetesConfig withTokenReviewMaxConcurrent(int max) {
        return new TestKubernetesConfig(clusters, tokenReviewCacheTtl, homeCluster, max);
    }

    public TestKubernetesConfig with(String name, WorkerAuthConfig.Cluster cluster) {
        Map<String, WorkerAuthConfig.Cluster> more = new TreeMap<>(clusters);
        more.put(name, cluster);
        return new TestKubernetesConfig(more, tokenReviewCacheTtl, homeCluster, tokenReviewMaxConcurrent);
    }

    public TestKubernetesConfig withHome(String name) {
        return new TestKubernetesConfig(clusters, tokenReviewCacheTtl, Optional.of(name), tokenReviewMaxConcurrent);
    }

    @Override
    public Duration clockSkew() {
        return Duration.ofSeconds(30);
    }

    @Override
    public Duration cacheMaxAge() {
        return Duration.ofMinutes(10);
    }

    @Override
    public long cacheMaxSize() {
        return 10_000;
    }

    @Override
    public Duration jwksRefreshInterval() {
        return Duration.ofMinutes(10);
    }

    @Override
    public Duration jwksMinRefetchInterval() {
        return Duration.ofSeconds(30);
    }

    @Override
    public Duration callTimeout() {
        return Duration.ofSeconds(5);
    }
}
