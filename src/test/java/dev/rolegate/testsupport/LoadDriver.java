package dev.rolegate.testsupport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small, bounded HTTP load for fault tests. Each target has its own threads, each sending one request
 * after another with a pause between, so a target stuck on a fault never starves the others of load;
 * each request carries its own X-Request-Id. Every
 * answer is recorded with when it started and ended, its status, content type and Retry-After, and,
 * for answers other than 2xx, its body (a 2xx body holds credentials, so it is never kept). It stops
 * by itself after {@code maxDuration}; loopback targets only.
 */
public final class LoadDriver implements AutoCloseable {

    /** How long one request may take before it is recorded as unanswered. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** One kind of request, built for a request id (the driver adds the X-Request-Id header and the timeout). */
    public record Target(String name, Function<String, HttpRequest.Builder> request) {
    }

    /**
     * What one request got. Times are {@link System#nanoTime()}. {@code status} is -1 when no answer came, and
     * {@code failure} says why; {@code body} is null for 2xx answers.
     */
    public record Answer(String target, String requestId, long startedAt, long endedAt, int status, String contentType,
            String retryAfter, String body, String failure) {

        public long millis() {
            return TimeUnit.NANOSECONDS.toMillis(endedAt - startedAt);
        }

        public boolean isOk() {
            return status >= 200 && status < 300;
        }

        /** A one-line description for failure messages, the body cut short. */
        public String describe() {
            String shownBody = body == null ? "" : " " + (body.length() > 160 ? body.substring(0, 160) + "…" : body);
            return target + " " + requestId + ": " + (status < 0 ? failure : status + " in " + millis() + " ms, "
                    + contentType + ", Retry-After " + retryAfter + shownBody);
        }
    }

    private final String idPrefix;
    private final List<Target> targets;
    private final Duration pause;
    private final long deadline;
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    private LoadDriver(String idPrefix, List<Target> targets, Duration pause, Duration maxDuration) {
        this.idPrefix = idPrefix;
        this.targets = List.copyOf(targets);
        this.pause = pause;
        this.deadline = System.nanoTime() + maxDuration.toNanos();
    }

    /** Starts {@code threadsPerTarget} senders for each target. */
    public static LoadDriver start(String idPrefix, List<Target> targets, int threadsPerTarget, Duration pause, Duration maxDuration) {
        LoadDriver driver = new LoadDriver(idPrefix, targets, pause, maxDuration);
        for (Target target : targets) {
            for (int i = 0; i < threadsPerTarget; i++) {
                Thread thread = new Thread(() -> driver.send(target), "load-" + idPrefix + "-" + driver.threads.size());
                thread.setDaemon(true);
                driver.threads.add(thread);
                thread.start();
            }
        }
        return driver;
    }

    /** The names of the targets. */
    public List<String> targets() {
        return targets.stream().map(Target::name).toList();
    }

    /** Every answer so far, in no particular order. */
    public List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** Stops sending and waits for the requests in flight, each bounded by {@link #REQUEST_TIMEOUT}. */
    public List<Answer> stop() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(REQUEST_TIMEOUT.plusSeconds(5).toMillis());
        }
        return answers();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void send(Target target) {
        while (!stopped && System.nanoTime() < deadline) {
            answers.add(exchange(target, idPrefix + "-" + sequence.incrementAndGet()));
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Answer exchange(Target target, String requestId) {
        HttpRequest request = target.request().apply(requestId).header("X-Request-Id", requestId).timeout(REQUEST_TIMEOUT).build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            long ended = System.nanoTime();
            int status = response.statusCode();
            return new Answer(target.name(), requestId, started, ended, status, response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null), status / 100 == 2 ? null : response.body(), null);
        } catch (HttpTimeoutException e) {
            return unanswered(target, requestId, started, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return unanswered(target, requestId, started, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unanswered(target, requestId, started, "interrupted");
        }
    }

    private static Answer unanswered(Target target, String requestId, long started, String why) {
        return new Answer(target.name(), requestId, started, System.nanoTime(), -1, null, null, null, why);
    }
}
