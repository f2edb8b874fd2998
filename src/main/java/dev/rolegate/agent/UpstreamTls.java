package dev.rolegate.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context for calls to rolegate, from PEM files as cert-manager writes them: a CA bundle to trust instead of
 * the JVM's trust store, and optionally a client certificate with its PKCS#8 key for mTLS. Host names are verified by
 * the HTTP client as usual.
 */
final class UpstreamTls {

    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519");

    private UpstreamTls() {
    }

    /** The context for {@code config}; the JVM's default when neither a CA bundle nor a client certificate is set. */
    static SSLContext context(AgentConfig config) throws IOException, GeneralSecurityException {
        if (config.caFile().isEmpty() && config.clientCertFile().isEmpty()) {
            return SSLContext.getDefault();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(config.clientCertFile(), config.clientKeyFile()), trustManagers(config.caFile()), new SecureRandom());
        return context;
    }

    private static TrustManager[] trustManagers(Optional<Path> caFile) throws IOException, GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile.isEmpty()) {
            factory.init((KeyStore) null);
            return factory.getTrustManagers();
        }
        Collection<? extends Certificate> authorities = certificates(caFile.get());
        KeyStore store = emptyStore();
        int i = 0;
        for (Certificate authority : authorities) {
            store.setCertificateEntry("ca-" + i++, authority);
        }
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(Optional<Path> certFile, Optional<Path> keyFile) throws IOException, GeneralSecurityException {
        if (certFile.isEmpty() || keyFile.isEmpty()) {
            return null;
        }
        char[] password = "in-memory-only".toCharArray();
        KeyStore store = emptyStore();
        store.setKeyEntry("client", privateKey(keyFile.get()), password, certificates(certFile.get()).toArray(new Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static Collection<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException(pem + " holds no PEM certificate");
            }
            return certificates;
        }
    }

    /** A PEM "PRIVATE KEY" (PKCS#8) of any algorithm the JDK knows; the file's content never appears in an error. */
    static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(pem + " holds no PEM PKCS#8 key (-----BEGIN PRIVATE KEY-----); with cert-manager, set privateKey.encoding: PKCS8");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(pem + " is not valid Base64 between its PEM markers");
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException(pem + " holds a key of none of " + KEY_ALGORITHMS);
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}
