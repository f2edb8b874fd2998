package dev.rolegate.webhook;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests as the Standard Webhooks specification says: {@code v1,} and the Base64 HMAC-SHA256 of
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, once per configured secret, space-separated. Checks the
 * configuration at start-up, so a malformed secret stops the application rather than every delivery.
 */
@Startup
@ApplicationScoped
public class WebhookSigner {

    static final String PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 24;
    private static final int MAX_KEY_BYTES = 64;

    private final List<SecretKeySpec> keys;

    @Inject
    public WebhookSigner(WebhookConfig config) {
        this(config.url().isPresent() ? config.secrets().orElse(List.of()) : List.of(), config.url().isPresent());
        config.url().ifPresent(WebhookSigner::checkUrl);
    }

    WebhookSigner(List<String> secrets, boolean required) {
        if (required && secrets.isEmpty()) {
            throw new IllegalStateException("rolegate.webhooks.secrets is required when rolegate.webhooks.url is set");
        }
        List<SecretKeySpec> parsed = new ArrayList<>(secrets.size());
        for (int i = 0; i < secrets.size(); i++) {
            parsed.add(key(secrets.get(i), i));
        }
        this.keys = List.copyOf(parsed);
    }

    /** The {@code webhook-signature} header value for one attempt. */
    public String sign(String webhookId, long timestampSeconds, String body) {
        byte[] content = (webhookId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
        StringJoiner header = new StringJoiner(" ");
        for (SecretKeySpec key : keys) {
            header.add("v1," + Base64.getEncoder().encodeToString(hmac(key, content)));
        }
        return header.toString();
    }

    private static byte[] hmac(SecretKeySpec key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e); // every JDK has it
        }
    }

    /** Messages name the secret by its position only, never by its value. */
    private static SecretKeySpec key(String secret, int index) {
        String name = "rolegate.webhooks.secrets[" + index + "]";
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalStateException(name + " must start with " + PREFIX);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret.substring(PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not " + PREFIX + " followed by Base64");
        }
        if (bytes.length < MIN_KEY_BYTES || bytes.length > MAX_KEY_BYTES) {
            throw new IllegalStateException(name + " must hold " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes, not " + bytes.length);
        }
        return new SecretKeySpec(bytes, ALGORITHM);
    }

    private static void checkUrl(java.net.URI url) {
        String scheme = url.getScheme();
        if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || url.getHost() == null) {
            throw new IllegalStateException("rolegate.webhooks.url must be an absolute http or https URL");
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[" + keys.size() + " secret(s)]";
    }
}
