package dev.rolegate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.testsupport.LoadDriver;
import dev.rolegate.testsupport.LoadDriver.Answer;
import dev.rolegate.testsupport.PackagedBroker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM under load, as Kubernetes stops a pod: readiness reports DOWN at once while rolegate keeps serving for the
 * shutdown delay; the load stops once readiness is seen DOWN (the endpoints controller's part); requests in flight
 * finish; the JVM runs its shutdown to the end and exits with the status of a SIGTERM (143, as every JVM does; Kubernetes
 * expects it of a terminated container). No issuance is answered 2xx without its audit row, and no request is cut mid-answer:
 * every one is answered in full, or refused at connect, before anything was sent.
 */
class GracefulShutdownIT {

    private static final Duration DELAY = Duration.ofSeconds(3);
    /** How long after readiness went DOWN the load keeps coming: well inside the delay, as with a prompt controller. */
    private static final Duration ROUTING_LAG = Duration.ofSeconds(1);
    private static final int SIGTERM_EXIT = 128 + 15;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void sigtermUnderLoadDrainsWithEveryIssuanceAuditedAndNoAnswerCut() throws Exception {
        try (PackagedBroker broker = PackagedBroker.start(Map.of("QUARKUS_SHUTDOWN_DELAY", DELAY.toSeconds() + "s", "QUARKUS_SHUTDOWN_TIMEOUT", "20s"))) {
            int port = broker.app().awaitPort(1);
            ProcessHandle app = packagedAppProcess();
            LoadDriver load = LoadDriver.start("shutdown", broker.credentialTargets(), 3, Duration.ofMillis(5), Duration.ofSeconds(60));
            awaitOkAnswers(load, 30);

            long sigterm = System.nanoTime();
            assertThat(app.destroy()).as("SIGTERM sent").isTrue();
            int readinessDown = awaitReadinessDown(port);
            TimeUnit.MILLISECONDS.sleep(ROUTING_LAG.toMillis());
            List<Answer> answers = load.stop();
            int exitCode = broker.app().awaitExit(60);

            Set<String> audited = broker.auditedRequestIds();
            List<Answer> okAfterSigterm = answers.stream().filter(a -> a.isOk() && a.startedAt() > sigterm).toList();
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(readinessDown).as("readiness while draining (DOWN before the server stops)").isEqualTo(503);
            soft.assertThat(okAfterSigterm).as("issuances served 2xx after SIGTERM, during the delay").isNotEmpty();
            soft.assertThat(describe(answers.stream().filter(a -> a.isOk() && !audited.contains(a.requestId()))))
                    .as("2xx issuances without their audit row").isEmpty();
            soft.assertThat(describe(answers.stream().filter(a -> a.status() < 0 && !a.failure().startsWith(ConnectException.class.getSimpleName()))))
                    .as("requests cut or unanswered (anything but a refused connection)").isEmpty();
            soft.assertThat(exitCode).as("exit status of a JVM that ran its shutdown to the end on SIGTERM (128 + 15)%n%s", tail(broker.app().output()))
                    .isEqualTo(SIGTERM_EXIT);
            soft.assertThat(broker.app().output()).as("a clean stop, not a forced one").contains("rolegate stopped in")
                    .doesNotContain("\"level\":\"ERROR\"");
            soft.assertAll();
            System.out.printf("GracefulShutdownIT: %d answers, %d 2xx after SIGTERM, statuses %s%n", answers.size(), okAfterSigterm.size(),
                    answers.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting())));
        }
    }

    /** The packaged application started by this JVM (the database is another child). */
    private static ProcessHandle packagedAppProcess() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(args -> List.of(args).stream().anyMatch(a -> a.endsWith("quarkus-run.jar"))).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("the packaged application's process was not found"));
    }

    private static void awaitOkAnswers(LoadDriver load, long minimum) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (load.answers().stream().filter(Answer::isOk).count() < minimum) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("premise: the load was served before SIGTERM; got " + describe(load.answers().stream()));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** Polls readiness until it is not 200; returns what it answered then (-1 when the connection was refused). */
    private static int awaitReadinessDown(int port) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + DELAY.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                int status = HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 200) {
                    return status;
                }
            } catch (IOException e) {
                return -1;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return 200;
    }

    private static List<String> describe(java.util.stream.Stream<Answer> answers) {
        return answers.limit(5).map(Answer::describe).toList();
    }

    private static String tail(String output) {
        return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
    }
}
