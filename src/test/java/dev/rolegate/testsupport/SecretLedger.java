package dev.rolegate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Every secret the tests hand to rolegate or receive from the fake STS (External IDs, secret keys,
 * session tokens), appended to a file that LogSecretsIT checks against the whole suite's log.
 */
public final class SecretLedger {

    public static final Path FILE = Path.of("target", "test-secrets.txt");

    private SecretLedger() {
    }

    public static synchronized void remember(String secret) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> all() throws IOException {
        return Files.exists(FILE) ? Files.readAllLines(FILE, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).distinct().toList() : List.of();
    }
}
