package dev.rolegate.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How workers prove who they are (worker tokens, Kubernetes service-account tokens) and how long replicas trust what they looked up. */
@ConfigMapping(prefix = "rolegate.workers")
public interface WorkerAuthConfig {

    /** Broker-issued worker tokens. */
    Tokens tokens();

    /** Kubernetes projected service-account tokens. */
    Kubernetes kubernetes();

    /** Grant lookups on the hot path. */
    Grants grants();

    /** Worker tokens ({@code rgw_...}), created through the admin API and stored only as SHA-256 hashes. */
    interface Tokens {

        /** Longest lifetime a caller may ask for with {@code expiresInSeconds}. Default 365 days. */
        @WithDefault("365d")
        Duration maxLifetime();

        /** Lifetime of a token created without {@code expiresInSeconds}; at most max-lifetime. Default none: such tokens never expire. */
        Optional<Duration> defaultLifetime();

        /** last_used_at is written at most once per this interval per token, not on every request. Default 1 min. */
        @WithDefault("1m")
        Duration lastUsedInterval();

        /**
         * How long a replica trusts a token it looked up before reading it again. A revocation made on this
         * replica applies at once; one made on another replica is noticed within this time. Tokens in use are
         * re-read in the background after half to three quarters of it, so requests do not wait. Must be positive.
         * Default 30 s.
         */
        @WithDefault("30s")
        Duration cacheTtl();

        /** Most tokens one replica keeps in memory. Default 10000. */
        @WithDefault("10000")
        long cacheMaxSize();
    }

    /** Kubernetes projected service-account tokens, verified as JWTs with SmallRye JWT. */
    interface Kubernetes {

        /**
         * The cluster's service-account signing keys: a JWKS (e.g. the cluster's {@code /openid/v1/jwks}), JWK or PEM
         * public key, as a file path, classpath resource or https URL. Default none: Kubernetes tokens are refused.
         */
        Optional<String> keyLocation();

        /** Required {@code iss}: the cluster's service-account issuer (kube-apiserver --service-account-issuer). Default https://kubernetes.default.svc.cluster.local. */
        @WithDefault("https://kubernetes.default.svc.cluster.local")
        String issuer();

        /** Required {@code aud}: the audience the pod's projected token was requested for. Default rolegate. */
        @WithDefault("rolegate")
        String audience();

        /**
         * The algorithm the cluster signs service-account tokens with: RS256 for an RSA signing key (the Kubernetes
         * default), ES256 for an ECDSA P-256 key. Tokens with any other algorithm are refused. Default RS256.
         */
        @WithDefault("RS256")
        SignatureAlgorithm signatureAlgorithm();

        /** Tolerated clock difference with the cluster when checking exp, iat and nbf. Default 30 s. */
        @WithDefault("30s")
        Duration clockSkew();

        /** How often a JWKS fetched from a URL is fetched again, in whole minutes (at least 1). Default 10 min. */
        @WithDefault("10m")
        Duration jwksRefreshInterval();

        /** Trusted certificate (PEM file) for fetching the key location over https, e.g. the cluster CA. Default: the JVM's trust store. */
        Optional<String> tlsCertificatePath();

        /**
         * A verified token is remembered until its exp, but for at most this long, so a cluster key rotation is noticed.
         * Default 10 min.
         */
        @WithDefault("10m")
        Duration cacheMaxAge();

        /** Most verified tokens one replica keeps in memory. Default 10000. */
        @WithDefault("10000")
        long cacheMaxSize();
    }

    /** Grants are read from the database once and then served from memory. */
    interface Grants {

        /**
         * How long a replica trusts a grant lookup (including "no grant") before reading it again. Grant changes made
         * on this replica apply at once; changes made on another replica are noticed within this time. Lookups in use
         * are re-read in the background after half to three quarters of it, so requests do not wait. Must be
         * positive. Default 30 s.
         */
        @WithDefault("30s")
        Duration cacheTtl();

        /** Most (identity, project) lookups one replica keeps in memory. Default 10000. */
        @WithDefault("10000")
        long cacheMaxSize();
    }
}
