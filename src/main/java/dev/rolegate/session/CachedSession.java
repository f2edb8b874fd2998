package dev.rolegate.session;

import dev.rolegate.aws.TemporaryCredentials;
import java.time.Duration;
import java.time.Instant;

/** Decrypted session credentials as served from memory. {@link #toString()} hides the secrets. */
public record CachedSession(SessionKey key, TemporaryCredentials credentials, Instant refreshAt, Instant staleAt) {

    public Instant expiresAt() {
        return credentials.expiration();
    }

    /** Servable now, and still valid for at least {@code minValidity}. */
    public boolean qualifies(Instant now, Duration minValidity) {
        return now.isBefore(staleAt) && !expiresAt().minus(minValidity).isBefore(now);
    }

    @Override
    public String toString() {
        return "CachedSession[" + key + ", " + credentials + ", staleAt=" + staleAt + "]";
    }
}
