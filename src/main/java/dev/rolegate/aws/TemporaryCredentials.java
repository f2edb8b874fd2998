package dev.rolegate.aws;

import java.time.Instant;

/** Credentials returned by AssumeRole. {@link #toString()} shows only the access key id. */
public record TemporaryCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

    @Override
    public String toString() {
        return "TemporaryCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration + ", secret=***, token=***]";
    }
}
