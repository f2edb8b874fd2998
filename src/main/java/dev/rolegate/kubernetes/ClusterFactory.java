package dev.rolegate.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.worker.ServiceAccountNames;
import dev.rolegate.worker.WorkerAuthConfig;
import dev.rolegate.worker.WorkerAuthConfig.Cluster;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/** Checks each configured cluster and builds it; a configuration error stops start-up with a message naming the key. */
final class ClusterFactory {

    private static final Logger LOG = Logger.getLogger(ClusterFactory.class);
    private static final String PREFIX = "rolegate.workers.kubernetes.";

    private final WorkerAuthConfig.Kubernetes config;
    private final Clock clock;
    private final ClusterCalls calls;
    private final ObjectMapper json;

    ClusterFactory(WorkerAuthConfig.Kubernetes config, Clock clock, ClusterCalls calls, ObjectMapper json) {
        this.config = config;
        this.clock = clock;
        this.calls = calls;
        this.json = json;
    }

    Map<String, TrustedCluster> byIssuer() {
        requirePositive("cache-max-age", config.cacheMaxAge());
        requirePositive("token-review-cache-ttl", config.tokenReviewCacheTtl());
        requirePositive("jwks-refresh-interval", config.jwksRefreshInterval());
        requirePositive("call-timeout", config.callTimeout());
        if (config.tokenReviewMaxConcurrent() < 1) {
            throw new IllegalStateException(PREFIX + "token-review-max-concurrent must be positive, not " + config.tokenReviewMaxConcurrent());
        }
        Optional<String> home = homeCluster();
        Map<String, TrustedCluster> byIssuer = new HashMap<>();
        config.clusters().forEach((name, cluster) -> {
            if (!ServiceAccountNames.isClusterName(name)) {
                throw new IllegalStateException(PREFIX + "clusters.\"" + name + "\" has an invalid name: use 1-40 lowercase letters, digits and '-', "
                        + "starting and ending with a letter or digit (the name is part of its service accounts' identities)");
            }
            ClusterIdentities identities = new ClusterIdentities(name, home.filter(name::equals).isPresent());
            if (byIssuer.put(cluster.issuer(), build(name, cluster, identities)) != null) {
                throw invalid(name, "issuer", "is also the issuer of another cluster; each issuer belongs to one cluster");
            }
            // Settings only (names, URLs, the audience): the bearer-token and CA files are named nowhere, read never here.
            LOG.infof("Trusting service-account tokens of Kubernetes cluster '%s' (issuer %s, audience %s, verified by %s, identities %s)",
                    name, cluster.issuer(), cluster.audience(), cluster.verification().name().toLowerCase().replace('_', '-'),
                    identities.of("system:serviceaccount:<namespace>:<name>").identity());
        });
        if (byIssuer.isEmpty()) {
            LOG.info("Kubernetes service-account tokens are refused: no rolegate.workers.kubernetes.clusters are configured");
        }
        return byIssuer;
    }

    /** The configured home cluster, or the only cluster; none when several are configured and none is named. */
    private Optional<String> homeCluster() {
        if (config.homeCluster().isPresent()) {
            String home = config.homeCluster().get();
            if (!config.clusters().containsKey(home)) {
                throw new IllegalStateException(PREFIX + "home-cluster names no configured cluster: '" + home + "' (clusters: "
                        + new TreeSet<>(config.clusters().keySet()) + ")");
            }
            return Optional.of(home);
        }
        return config.clusters().size() == 1 ? config.clusters().keySet().stream().findFirst() : Optional.empty();
    }

    private TrustedCluster build(String name, Cluster cluster, ClusterIdentities identities) {
        if (cluster.issuer().isBlank()) {
            throw invalid(name, "issuer", "must not be blank");
        }
        if (cluster.audience().isBlank()) {
            throw invalid(name, "audience", "must not be blank");
        }
        ApiServerClient client = new ApiServerClient(cluster.bearerTokenFile(), configuredAddresses(name, cluster), cluster.caFile(), config.callTimeout(), json);
        return switch (cluster.verification()) {
            case JWKS -> new JwksCluster(cluster.issuer(), cluster.audience(), new ClusterKeys(name, keySource(name, cluster, client), calls, clock,
                    config.jwksRefreshInterval(), config.jwksMinRefetchInterval()), config.clockSkew(), config.cacheMaxAge(), identities);
            case TOKEN_REVIEW -> tokenReview(name, cluster, client, identities);
        };
    }

    /** The addresses configured for the cluster: only their origins receive its bearer token. */
    private static List<URI> configuredAddresses(String name, Cluster cluster) {
        List<URI> addresses = new ArrayList<>();
        addresses.add(withoutCredentials(name, "issuer", uri(name, "issuer", cluster.issuer())));
        cluster.apiServerUrl().ifPresent(url -> addresses.add(withoutCredentials(name, "api-server-url", url)));
        cluster.jwksUrl().ifPresent(url -> addresses.add(withoutCredentials(name, "jwks-url", url)));
        return addresses;
    }

    /**
     * A cluster authenticates with its bearer-token file, never with credentials in a URL; refusing them keeps every
     * URL these settings name safe to print (the start-up line, the errors below), so the URL is not quoted here.
     */
    private static URI withoutCredentials(String name, String key, URI uri) {
        if (uri.getRawUserInfo() != null) {
            throw invalid(name, key, "must not carry user information (user:password@); the cluster's bearer-token file authenticates");
        }
        return uri;
    }

    private KeySetSource keySource(String name, Cluster cluster, ApiServerClient client) {
        if (cluster.jwksUrl().isPresent() && cluster.jwksFile().isPresent()) {
            throw invalid(name, "jwks-url", "and jwks-file are both set; set one, or neither for OIDC discovery");
        }
        if (cluster.jwksFile().isPresent()) {
            return KeySetSource.file(cluster.jwksFile().get());
        }
        if (cluster.jwksUrl().isPresent()) {
            return KeySetSource.url(requireSecure(name, "jwks-url", cluster.jwksUrl().get()), client);
        }
        requireSecure(name, "issuer", uri(name, "issuer", cluster.issuer()));
        return KeySetSource.discovery(cluster.issuer(), client, json);
    }

    private TrustedCluster tokenReview(String name, Cluster cluster, ApiServerClient client, ClusterIdentities identities) {
        if (cluster.jwksUrl().isPresent() || cluster.jwksFile().isPresent()) {
            throw invalid(name, "verification", "is token-review, which uses no key set; remove jwks-url and jwks-file");
        }
        URI apiServer = requireSecure(name, "api-server-url",
                cluster.apiServerUrl().orElseThrow(() -> invalid(name, "api-server-url", "is required with verification=token-review")));
        return new TokenReviewCluster(name, cluster.audience(), new TokenReviews(apiServer, cluster.audience(), client, json), calls,
                config.tokenReviewCacheTtl(), identities, config.tokenReviewMaxConcurrent());
    }

    private static URI requireSecure(String name, String key, URI uri) {
        if (!ClusterAddresses.isSecure(uri)) {
            throw invalid(name, key, "must be an https URL (plain http only on loopback), not " + uri);
        }
        return uri;
    }

    private static URI uri(String name, String key, String value) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw invalid(name, key, "is not a URL: " + value);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalStateException(PREFIX + key + " must be positive, not " + value);
        }
    }

    private static IllegalStateException invalid(String name, String key, String problem) {
        return new IllegalStateException(PREFIX + "clusters.\"" + name + "\"." + key + " " + problem);
    }
}
