package dev.rolegate.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 made with the JDK's keytool, written as the PEM pair cert-manager puts in
 * its Secret ({@code tls.crt}, and {@code tls.key} as PKCS#8). keytool cannot export a private key, so the pair is read
 * back from its PKCS#12 store.
 */
final class SelfSignedCertificate {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String ALIAS = "tls";

    private SelfSignedCertificate() {
    }

    /** Writes {@code tls.crt} and {@code tls.key} for a certificate with subject {@code CN=commonName} into {@code directory}. */
    static void write(Path directory, String commonName) throws IOException, GeneralSecurityException, InterruptedException {
        Path store = Files.createTempFile(directory, "store", ".p12");
        Files.delete(store);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + commonName,
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        Files.delete(store);
        Key key = keys.getKey(ALIAS, PASSWORD);
        Certificate certificate = keys.getCertificate(ALIAS);
        // As a kubelet updates a mounted Secret: each file replaced whole, never seen half-written.
        replace(directory.resolve("tls.key"), pem("PRIVATE KEY", key.getEncoded()));
        replace(directory.resolve("tls.crt"), pem("CERTIFICATE", certificate.getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void replace(Path target, String content) throws IOException {
        Path staged = Files.createTempFile(target.getParent(), ".staged", ".pem");
        Files.writeString(staged, content, StandardCharsets.US_ASCII);
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
