package dev.rolegate.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a cluster's key set (JWKS JSON) comes from: a mounted file, a URL, or the issuer's OIDC discovery document. */
@FunctionalInterface
interface KeySetSource {

    /** The key set as published; fetched or read anew on each call. */
    String read() throws ClusterCallException;

    static KeySetSource file(Path file) {
        return () -> {
            try {
                return Files.readString(file);
            } catch (IOException | RuntimeException e) {
                throw new ClusterCallException(CallFailure.LOCAL_FILE, "the key set file " + file + " cannot be read: " + e.getClass().getSimpleName());
            }
        };
    }

    static KeySetSource url(URI url, ApiServerClient client) {
        return () -> client.get(url);
    }

    /** {@code <issuer>/.well-known/openid-configuration}, then its {@code jwks_uri}, as EKS and in-cluster issuers publish them. */
    static KeySetSource discovery(String issuer, ApiServerClient client, ObjectMapper json) {
        URI discovery = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        return () -> client.get(jwksUri(client.get(discovery), discovery, json));
    }

    private static URI jwksUri(String document, URI discovery, ObjectMapper json) throws ClusterCallException {
        try {
            JsonNode jwksUri = json.readTree(document).path("jwks_uri");
            if (jwksUri.isTextual()) {
                URI uri = URI.create(jwksUri.asText());
                if (ClusterAddresses.isSecure(uri)) {
                    return uri;
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // classified below
        }
        throw new ClusterCallException(CallFailure.UNREADABLE, discovery + " holds no https jwks_uri");
    }
}
