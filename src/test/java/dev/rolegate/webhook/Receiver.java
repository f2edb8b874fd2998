package dev.rolegate.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a receiver does with a request, written from the specification rather than from {@link WebhookSigner}: decode
 * the secret after {@code whsec_}, HMAC-SHA256 {@code id.timestamp.body}, and accept if any {@code v1,} signature matches.
 */
final class Receiver {

    private Receiver() {
    }

    static boolean verifies(String secret, String id, String timestamp, String body, String signatureHeader) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String signature : signatureHeader.split(" ")) {
            if (signature.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring("v1,".length())))) {
                return true;
            }
        }
        return false;
    }
}
