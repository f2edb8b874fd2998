package dev.rolegate.worker;

import dev.rolegate.kubernetes.TestKubernetesConfig;
import java.time.Duration;
import java.util.Optional;

/** WorkerAuthConfig with the documented defaults, and the knobs unit tests turn. */
public record TestWorkerAuthConfig(Kubernetes kubernetes, Optional<Duration> defaultLifetime) implements WorkerAuthConfig {

    public static TestWorkerAuthConfig with(Kubernetes kubernetes) {
        return new TestWorkerAuthConfig(kubernetes, Optional.empty());
    }

    public static TestWorkerAuthConfig withoutKubernetes() {
        return with(TestKubernetesConfig.none());
    }

    @Override
    public Tokens tokens() {
        return new Tokens() {
            @Override
            public Duration maxLifetime() {
                return Duration.ofDays(365);
            }

            @Override
            public Optional<Duration> defaultLifetime() {
                return defaultLifetime;
            }

            @Override
            public Duration lastUsedInterval() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Duration cacheTtl() {
                return Duration.ofSeconds(30);
            }

            @Override
            public long cacheMaxSize() {
                return 10_000;
            }
        };
    }

    @Override
    public Grants grants() {
        return new Grants() {
            @Override
            public Duration cacheTtl() {
                return Duration.ofSeconds(30);
            }

            @Override
            public long cacheMaxSize() {
                return 10_000;
            }
        };
    }
}
