package dev.rolegate.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on incoming requests. */
@ConfigMapping(prefix = "rolegate.http")
public interface HttpConfig {

    /**
     * Largest accepted request body, in bytes, answered with a 413 problem beyond. rolegate's bodies are
     * a few hundred bytes; the default of 16 KiB leaves room for session policies. Default 16384.
     */
    @WithDefault("16384")
    long maxRequestBytes();
}
