package dev.rolegate.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

    /**
     * Kubernetes projected service-account tokens. A token is matched to the trusted cluster whose issuer it names, and
     * verified the way that cluster is configured. With no cluster configured every such token is refused.
     */
    interface Kubernetes {

        /**
         * The trusted clusters by a name of your choice (used in logs, metrics, health and in the identities of the
         * cluster's service accounts): 1-40 lowercase letters, digits and '-', starting and ending with a letter or
         * digit. Default none.
         */
        Map<String, Cluster> clusters();

        /**
         * The cluster whose service accounts are named plainly, system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;;
         * those of every other cluster are named cluster:&lt;cluster&gt;:system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;, so
         * a namespace and service account created in one cluster never receives the grants of another's. Must name a
         * configured cluster. Default: the only cluster when exactly one is configured, else none (all are qualified).
         */
        Optional<String> homeCluster();

        /** Tolerated clock difference with the clusters when checking exp, iat and nbf. Default 30 s. */
        @WithDefault("30s")
        Duration clockSkew();

        /**
         * A token verified against a cluster's keys is remembered until its exp, but for at most this long, so a key
         * rotation is noticed. Default 10 min.
         */
        @WithDefault("10m")
        Duration cacheMaxAge();

        /**
         * How long a TokenReview answer (accepted or refused) is remembered, and so how late a deleted pod's token is
         * refused at most. Never beyond the token's exp. Default 30 s.
         */
        @WithDefault("30s")
        Duration tokenReviewCacheTtl();

        /**
         * Most TokenReviews one replica has in flight to one token-review cluster. A token that would need one more is
         * answered 503 with Retry-After at once, so forged tokens naming the cluster's issuer cannot make rolegate send
         * the API server unlimited reviews; tokens already reviewed are answered from memory. Must be positive. Default 32.
         */
        @WithDefault("32")
        int tokenReviewMaxConcurrent();

        /** Most token outcomes one replica keeps in memory, over all clusters. Default 10000. */
        @WithDefault("10000")
        long cacheMaxSize();

        /** How often a cluster's key set is fetched again (in the background, and before use when older). Default 10 min. */
        @WithDefault("10m")
        Duration jwksRefreshInterval();

        /**
         * Least time between two fetches of one cluster's key set when a token names an unknown key id, or after a
         * failed fetch; bounds what unknown key ids or an outage cost the API server. Default 30 s.
         */
        @WithDefault("30s")
        Duration jwksMinRefetchInterval();

        /** Longest wait for one call to an API server or key URL, from connecting to the last byte of the answer. Default 3 s. */
        @WithDefault("3s")
        Duration callTimeout();
    }

    /** One trusted cluster: who issues its tokens, for which audience, and how rolegate checks them. */
    interface Cluster {

        /** Required {@code iss} (kube-apiserver --service-account-issuer), e.g. https://kubernetes.default.svc.cluster.local. No default. */
        String issuer();

        /** Required {@code aud}: the audience the pod's projected token was requested for. Default rolegate. */
        @WithDefault("rolegate")
        String audience();

        /** {@code jwks}: signature checked against the cluster's keys; {@code token-review}: asked to the API server. Default jwks. */
        @WithDefault("jwks")
        Verification verification();

        /**
         * The cluster's key set URL, e.g. https://kubernetes.default.svc/openid/v1/jwks in-cluster. Default: neither this
         * nor jwks-file, so the key set is found by OIDC discovery at {@code <issuer>/.well-known/openid-configuration}.
         */
        Optional<URI> jwksUrl();

        /** A mounted file holding the cluster's key set (kubectl get --raw /openid/v1/jwks), read again on each refresh. Default none. */
        Optional<Path> jwksFile();

        /** The API server to send TokenReviews to, e.g. https://kubernetes.default.svc; required for token-review. Default none. */
        Optional<URI> apiServerUrl();

        /**
         * A file holding the bearer token sent on discovery, key set and TokenReview calls, read again on each call since
         * it rotates; in-cluster /var/run/secrets/kubernetes.io/serviceaccount/token. Default none: no Authorization.
         */
        Optional<Path> bearerTokenFile();

        /** CA bundle (PEM) trusted for those calls; in-cluster /var/run/secrets/kubernetes.io/serviceaccount/ca.crt. Default: the JVM trust store. */
        Optional<Path> caFile();
    }

    /** How a cluster's tokens are checked. */
    enum Verification {
        /** Signature, issuer, audience and expiry checked locally against the cluster's key set. */
        JWKS,
        /** The cluster's API server is asked (TokenReview), which also refuses tokens of deleted pods. */
        TOKEN_REVIEW
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
