package dev.rolegate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.PackagedAgent;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the container images without a container engine, after {@code ./mvnw package}: every path a
 * Dockerfile copies exists in the build output, the images run as a numeric non-root user, and the entrypoints start
 * what the README says they start.
 */
class DockerfilesIT {

    private static final Path DOCKER = Path.of("src/main/docker");
    private static final String RUN_JAVA = "[ \"/opt/jboss/container/java/run/run-java.sh\" ]";

    @Test
    void theJvmImageCopiesTheFastJarLayoutAndRunsQuarkusRunJar() {
        Dockerfiles jvm = Dockerfiles.parse(DOCKER.resolve("Dockerfile.jvm"));
        assertThat(jvm.copySources()).containsExactly("target/quarkus-app/lib/", "target/quarkus-app/*.jar",
                "target/quarkus-app/app/", "target/quarkus-app/quarkus/");
        jvm.copySources().forEach(DockerfilesIT::assertExists);
        assertThat(jvm.from()).startsWith("registry.access.redhat.com/ubi9/openjdk-17-runtime:");
        assertThat(jvm.entrypoint()).isEqualTo(RUN_JAVA);
        assertThat(jvm.env()).containsEntry("JAVA_APP_JAR", "/deployments/quarkus-run.jar");
        assertThat(Path.of("target/quarkus-app/quarkus-run.jar")).isRegularFile();
        assertNonRoot(jvm);
    }

    @Test
    void theNativeImageCopiesTheRunnerQuarkusNamesAndRunsItAsANonRootUser() {
        Dockerfiles nativeImage = Dockerfiles.parse(DOCKER.resolve("Dockerfile.native"));
        assertThat(nativeImage.copySources()).singleElement().satisfies(source -> {
            // The runner exists only after a native build, which cannot run here: check the name Quarkus gives it.
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source);
            assertThat(matcher.matches(Path.of("target/" + System.getProperty("project.build.finalName", "rolegate-0.1.0-SNAPSHOT") + "-runner"))).isTrue();
        });
        assertThat(nativeImage.from()).startsWith("quay.io/quarkus/quarkus-micro-image:");
        assertThat(nativeImage.entrypoint()).startsWith("[\"./application\"");
        assertNonRoot(nativeImage);
    }

    @Test
    void theAgentImageCopiesTheAgentBuildOutputAndRunsItsJar() throws IOException {
        Dockerfiles agent = Dockerfiles.parse(DOCKER.resolve("Dockerfile.agent.jvm"));
        assertThat(agent.copySources()).containsExactly("target/rolegate-agent/lib/", "target/rolegate-agent/rolegate-agent.jar");
        assertThat(agent.env()).containsEntry("JAVA_APP_JAR", "/deployments/rolegate-agent.jar");
        assertThat(agent.entrypoint()).isEqualTo(RUN_JAVA);
        assertNonRoot(agent);
        agent.copySources().forEach(DockerfilesIT::assertExists);
    }

    @Test
    void theAgentImageRunsWithTheSettingsItsFiguresWereMeasuredWith() {
        Dockerfiles agent = Dockerfiles.parse(DOCKER.resolve("Dockerfile.agent.jvm"));
        assertThat(agent.env().get("JAVA_OPTS_APPEND").split("\\s+")).as("JAVA_OPTS_APPEND").containsAll(PackagedAgent.JVM_OPTIONS);
        assertThat(agent.env()).containsAllEntriesOf(PackagedAgent.IMAGE_ENVIRONMENT);
    }

    @Test
    void theReadmeDocumentsTheBuildOfEveryImage() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        try (Stream<Path> files = Files.list(DOCKER)) {
            files.forEach(f -> assertThat(readme).contains("docker build -f src/main/docker/" + f.getFileName()));
        }
        assertThat(readme).contains("/deployments/quarkus-run.jar").contains("./mvnw package -Dnative");
    }

    private static void assertNonRoot(Dockerfiles dockerfile) {
        assertThat(dockerfile.user()).as("USER").matches("[0-9]+(:[0-9]+)?");
        assertThat(Integer.parseInt(dockerfile.user().split(":")[0])).as("USER").isPositive();
    }

    private static void assertExists(String source) {
        if (source.contains("*")) {
            Path dir = Path.of(source).getParent();
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.filter(matcher::matches)).as(source).isNotEmpty();
            } catch (IOException e) {
                throw new AssertionError(source, e);
            }
        } else {
            assertThat(Path.of(source)).as(source).exists();
        }
    }
}
