package dev.rolegate.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.SecretLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after the whole @QuarkusTest suite (failsafe, in the verify phase): no External ID, secret
 * access key or session token that the suite used ever reached rolegate's log.
 */
class LogSecretsIT {

    private static final Path TARGET = Path.of("target");
    private static final String LOG_NAME = "rolegate-test.log";

    @Test
    void noSecretTheSuiteUsedAppearsInTheApplicationLog() throws IOException {
        String log = allTestLogs();
        List<String> secrets = SecretLedger.all();

        assertThat(secrets).as("the suite issued and used secrets").hasSizeGreaterThan(10);
        assertThat(log).as("the suite produced a log").contains("Profile test activated");
        for (String secret : secrets) {
            assertThat(log.contains(secret)).as("log contains a secret starting %s", secret.substring(0, Math.min(4, secret.length()))).isFalse();
        }
    }

    /** The test profile's log file and any rotated predecessors. */
    private static String allTestLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(TARGET)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(LOG_NAME)).toList()) {
                all.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }
}
