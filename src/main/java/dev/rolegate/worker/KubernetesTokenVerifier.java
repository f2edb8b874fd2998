package dev.rolegate.worker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rolegate.worker.WorkerAuthenticationException.Reason;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies Kubernetes projected service-account tokens with SmallRye JWT: signature against the
 * cluster's keys, issuer, audience and expiry. The identity is the {@code sub} claim, which must be a
 * service account. Verified tokens are remembered (by SHA-256, never in clear) until their exp, for at
 * most {@code kubernetes.cache-max-age}. Without {@code kubernetes.key-location} every such token is refused.
 */
@Startup
@ApplicationScoped
public class KubernetesTokenVerifier {

    private static final Logger LOG = Logger.getLogger(KubernetesTokenVerifier.class);
    private static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final WorkerAuthConfig.Kubernetes config;
    private final Clock clock;
    private final JWTParser parser;
    private final Cache<String, Verified> verified;

    public KubernetesTokenVerifier(WorkerAuthConfig config, Clock clock) {
        this.config = config.kubernetes();
        this.clock = clock;
        this.parser = this.config.keyLocation().map(location -> parser(location, this.config)).orElse(null);
        this.verified = Caffeine.newBuilder().maximumSize(this.config.cacheMaxSize()).expireAfterWrite(this.config.cacheMaxAge()).build();
        if (parser == null) {
            LOG.info("Kubernetes service-account tokens are refused: rolegate.workers.kubernetes.key-location is not set");
        }
    }

    public boolean isEnabled() {
        return parser != null;
    }

    /** The service account a valid token names. May fetch the cluster's keys, so call it from a worker thread. */
    public WorkerIdentity verify(String token) {
        String key = cacheKey(token);
        Instant now = clock.instant();
        WorkerIdentity known = trusted(key, now);
        if (known != null) {
            return known;
        }
        Verified fresh = parse(token, now);
        verified.put(key, fresh);
        return fresh.identity();
    }

    /** The service account of a token verified earlier and still trusted, or null. Never parses or fetches keys. */
    public WorkerIdentity verifiedFromMemory(String token) {
        return trusted(cacheKey(token), clock.instant());
    }

    private String cacheKey(String token) {
        if (parser == null) {
            throw new WorkerAuthenticationException(Reason.KUBERNETES_DISABLED,
                    "Kubernetes service-account tokens are not accepted by this rolegate; use a worker token ('rgw_...')");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new WorkerAuthenticationException(Reason.MALFORMED, "The token is too long to be a service-account token");
        }
        return HexFormat.of().formatHex(WorkerTokenFormat.hash(token));
    }

    private WorkerIdentity trusted(String key, Instant now) {
        Verified cached = verified.getIfPresent(key);
        return cached != null && now.isBefore(cached.recheckAt()) ? cached.identity() : null;
    }

    private Verified parse(String token, Instant now) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            Reason reason = reasonOf(e);
            LOG.debugf("Refused a service-account token: %s", reason);
            throw new WorkerAuthenticationException(reason, messageFor(reason));
        }
        String subject = jwt.getSubject();
        if (!ServiceAccountNames.isServiceAccount(subject)) {
            throw new WorkerAuthenticationException(Reason.NOT_A_SERVICE_ACCOUNT,
                    "The token's subject is not a Kubernetes service account (system:serviceaccount:<namespace>:<name>)");
        }
        Instant expiresAt = Instant.ofEpochSecond(jwt.getExpirationTime());
        if (!now.isBefore(expiresAt.plus(config.clockSkew()))) {
            throw new WorkerAuthenticationException(Reason.EXPIRED, messageFor(Reason.EXPIRED));
        }
        Instant maxAge = now.plus(config.cacheMaxAge());
        return new Verified(WorkerIdentity.serviceAccount(subject), expiresAt.isBefore(maxAge) ? expiresAt : maxAge);
    }

    static JWTParser parser(String keyLocation, WorkerAuthConfig.Kubernetes config) {
        if (config.issuer().isBlank() || config.audience().isBlank()) {
            throw new IllegalStateException("rolegate.workers.kubernetes.issuer and audience must not be blank when key-location is set");
        }
        if (config.signatureAlgorithm().getAlgorithm().startsWith("HS")) {
            throw new IllegalStateException("rolegate.workers.kubernetes.signature-algorithm must be asymmetric (e.g. RS256 or ES256)");
        }
        JWTAuthContextInfo context = new JWTAuthContextInfo(keyLocation, config.issuer());
        context.setExpectedAudience(Set.of(config.audience()));
        // One algorithm only: SmallRye reads a PEM key as the type of the set's first algorithm, so a larger set
        // would make PEM keys depend on iteration order.
        context.setSignatureAlgorithm(Set.of(config.signatureAlgorithm()));
        context.setClockSkew((int) config.clockSkew().toSeconds());
        context.setRequireNamedPrincipal(false);
        context.setJwksRefreshInterval((int) Math.max(1, config.jwksRefreshInterval().toMinutes()));
        config.tlsCertificatePath().ifPresent(context::setTlsCertificatePath);
        // An own principal factory: its key resolver caches this context's keys only, never the portal's.
        return new DefaultJWTParser(context, new DefaultJWTCallerPrincipalFactory());
    }

    static Reason reasonOf(ParseException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvableKeyException) {
                return Reason.BAD_SIGNATURE;
            }
            if (cause instanceof InvalidJwtException invalid) {
                if (invalid.hasExpired()) {
                    return Reason.EXPIRED;
                }
                if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                    return Reason.WRONG_AUDIENCE;
                }
                if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return Reason.WRONG_ISSUER;
                }
                if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
                    return Reason.BAD_SIGNATURE;
                }
            }
        }
        return Reason.INVALID;
    }

    private String messageFor(Reason reason) {
        return switch (reason) {
            case EXPIRED -> "The service-account token has expired";
            case WRONG_AUDIENCE -> "The service-account token is not meant for audience '" + config.audience() + "'";
            case WRONG_ISSUER -> "The service-account token was not issued by " + config.issuer();
            case BAD_SIGNATURE -> "The service-account token is not signed by a key of the trusted cluster";
            default -> "The token is neither a worker token ('rgw_...') nor a valid service-account JWT";
        };
    }

    /** A verified identity and when this replica must look at the token again. */
    private record Verified(WorkerIdentity identity, Instant recheckAt) {
    }
}
