package dev.rolegate.kubernetes;

import java.net.URI;
import java.util.Set;

/** The URLs rolegate sends its bearer token to and fetches trust from: https, or plain http on loopback (tests, a local proxy). */
final class ClusterAddresses {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private ClusterAddresses() {
    }

    static boolean isSecure(URI uri) {
        if (uri.getHost() == null || uri.getScheme() == null) {
            return false;
        }
        return uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http") && LOOPBACK.contains(uri.getHost());
    }
}
