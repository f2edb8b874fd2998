package dev.rolegate.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made in a test with the JDK's keytool, in one directory: PKCS#12 stores (all with {@link #PASSWORD})
 * and the PEM files a client is configured with. Nothing is checked in, so nothing expires in the repository.
 */
public final class TestCertificates {

    public static final char[] PASSWORD = "changeit".toCharArray();

    private final Path dir;

    public TestCertificates(Path dir) {
        this.dir = dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * A CA ({@code <ca>.p12}, its certificate in {@code <ca>.crt} as PEM) that signs a server certificate for 127.0.0.1
     * and localhost, held with its key and chain in {@code <server>.p12}: how a cluster CA and its API server look.
     */
    public Path caSignedServer(String ca, String server) throws IOException, InterruptedException {
        selfSignedCa(ca);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + server, "-validity", "2",
                "-keystore", server + ".p12");
        keytool("-certreq", "-alias", "server", "-keystore", server + ".p12", "-file", server + ".csr");
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca + ".p12", "-infile", server + ".csr", "-outfile", server + ".crt",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth", "-validity", "2");
        keytool("-importcert", "-alias", "ca", "-keystore", server + ".p12", "-file", ca + ".crt");
        keytool("-importcert", "-alias", "server", "-keystore", server + ".p12", "-file", server + ".crt");
        return file(server + ".p12");
    }

    /** A self-signed CA: {@code <ca>.p12}, and its certificate as PEM in {@code <ca>.crt}. */
    public Path selfSignedCa(String ca) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + ca, "-ext", "bc:c", "-validity", "2",
                "-keystore", ca + ".p12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca + ".p12", "-file", ca + ".crt");
        return file(ca + ".crt");
    }

    public KeyStore load(String name) throws IOException, java.security.GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file(name))) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    /** Runs keytool in the directory with the stores' password; fails with keytool's output. */
    public void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", new String(PASSWORD), "-storetype", "PKCS12", "-noprompt"));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
