package dev.rolegate.worker;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.time.Duration;
import java.util.Optional;

/** WorkerAuthConfig with the documented defaults, and the knobs unit tests turn. */
public record TestWorkerAuthConfig(Optional<String> keyLocation, Optional<Duration> defaultLifetime, SignatureAlgorithm algorithm)
        implements WorkerAuthConfig {

    public static TestWorkerAuthConfig kubernetesWith(String keyLocation) {
        return new TestWorkerAuthConfig(Optional.of(keyLocation), Optional.empty(), SignatureAlgorithm.RS256);
    }

    public static TestWorkerAuthConfig withoutKubernetes() {
        return new TestWorkerAuthConfig(Optional.empty(), Optional.empty(), SignatureAlgorithm.RS256);
    }

    public TestWorkerAuthConfig withAlgorithm(SignatureAlgorithm newAlgorithm) {
        return new TestWorkerAuthConfig(keyLocation, defaultLifetime, newAlgorithm);
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
    public Kubernetes kubernetes() {
        return new Kubernetes() {
            @Override
            public Optional<String> keyLocation() {
                return keyLocation;
            }

            @Override
            public String issuer() {
                return ClusterTokens.ISSUER;
            }

            @Override
            public String audience() {
                return ClusterTokens.AUDIENCE;
            }

            @Override
            public SignatureAlgorithm signatureAlgorithm() {
                return algorithm;
            }

            @Override
            public Duration clockSkew() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration jwksRefreshInterval() {
                return Duration.ofMinutes(10);
            }

            @Override
            public Optional<String> tlsCertificatePath() {
                return Optional.empty();
            }

            @Override
            public Duration cacheMaxAge() {
                return Duration.ofMinutes(10);
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
