package dev.rolegate.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * One cluster's signing keys, fetched by rolegate itself (never by the JWT library) on first use, again once older than
 * the refresh interval, and when a token names an unknown key id. Fetches are at least the minimum refetch interval
 * apart, whatever asks; a failed fetch keeps the last good keys. One fetch at a time: concurrent callers wait for it.
 */
final class ClusterKeys {

    private final String cluster;
    private final KeySetSource source;
    private final ClusterCalls calls;
    private final Clock clock;
    private final Duration refreshInterval;
    private final Duration minRefetchInterval;
    private volatile Fetched fetched;
    private Instant lastAttempt;

    ClusterKeys(String cluster, KeySetSource source, ClusterCalls calls, Clock clock, Duration refreshInterval, Duration minRefetchInterval) {
        this.cluster = cluster;
        this.source = source;
        this.calls = calls;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
        this.minRefetchInterval = minRefetchInterval;
    }

    /**
     * The keys to verify with, fetched first when there are none yet or they are due for refresh.
     *
     * @throws KubernetesUnavailableException when no key set was ever fetched and fetching fails now
     */
    List<JsonWebKey> current() {
        Fetched known = fetched;
        Instant now = clock.instant();
        if (known == null || !now.isBefore(known.at().plus(refreshInterval))) {
            known = fetchUnlessTooSoon(now);
        }
        return keysOf(known);
    }

    /** The keys after a token named a key id they lack: fetched again unless the last fetch is too recent. */
    List<JsonWebKey> afterUnknownKeyId() {
        return keysOf(fetchUnlessTooSoon(clock.instant()));
    }

    /** Fetches now unless the last fetch is too recent; for the background refresh. */
    void refresh() {
        fetchUnlessTooSoon(clock.instant());
    }

    private List<JsonWebKey> keysOf(Fetched known) {
        if (known == null) {
            throw new KubernetesUnavailableException(cluster, "signing keys");
        }
        return known.keys();
    }

    private synchronized Fetched fetchUnlessTooSoon(Instant now) {
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(minRefetchInterval)) && !now.isBefore(lastAttempt)) {
            return fetched;
        }
        lastAttempt = now;
        try {
            fetched = new Fetched(parse(source.read()), now);
            calls.succeeded(cluster);
        } catch (ClusterCallException e) {
            calls.failed(cluster, "fetching the signing keys", e);
        }
        return fetched;
    }

    private static List<JsonWebKey> parse(String jwks) throws ClusterCallException {
        List<JsonWebKey> keys;
        try {
            keys = List.copyOf(new JsonWebKeySet(jwks).getJsonWebKeys());
        } catch (JoseException | RuntimeException unreadable) {
            throw new ClusterCallException(CallFailure.UNREADABLE, "the key set is not a JWKS (" + unreadable.getClass().getSimpleName() + ")");
        }
        if (keys.isEmpty()) {
            throw new ClusterCallException(CallFailure.UNREADABLE, "the key set holds no keys");
        }
        return keys;
    }

    /** A key set and when it was fetched. */
    private record Fetched(List<JsonWebKey> keys, Instant at) {
    }
}
