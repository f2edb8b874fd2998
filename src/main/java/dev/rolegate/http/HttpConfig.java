package dev.rolegate.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits on incoming requests, each answered with a problem document. Requests beyond the server's
 * own limits (quarkus.http.limits.*, set above these in application.properties) are refused by Vert.x
 * before rolegate sees them, with an empty body.
 */
@ConfigMapping(prefix = "rolegate.http")
public interface HttpConfig {

    /**
     * Largest accepted request body, in bytes, answered with a 413 problem beyond, whether or not
     * the request declares its length. rolegate's bodies are a few hundred bytes; the default of
     * 16 KiB leaves room for session policies. Default 16384.
     */
    @WithDefault("16384")
    long maxRequestBytes();

    /** Longest accepted request target (path and query), in characters, answered with a 414 problem beyond. Default 4096. */
    @WithDefault("4096")
    int maxUriLength();

    /**
     * Largest accepted sum of header name and value lengths, in characters, answered with a 431
     * problem beyond. Bearer tokens are the largest headers, a few KiB. Default 16384.
     */
    @WithDefault("16384")
    int maxHeaderBytes();
}
