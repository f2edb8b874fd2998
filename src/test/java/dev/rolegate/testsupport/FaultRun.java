package dev.rolegate.testsupport;

import dev.rolegate.testsupport.LoadDriver.Answer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The answers of a load that ran across one fault, cut at the fault's start and end (both
 * {@link System#nanoTime()}), with the figures fault tests assert and fault benchmarks report. "Once
 * detected" means after a target's first 503 during the fault: from then on the application knows.
 */
public final class FaultRun {

    private final List<Answer> answers;
    private final long faultStart;
    private final long faultEnd;

    public FaultRun(List<Answer> answers, long faultStart, long faultEnd) {
        this.answers = answers.stream().sorted(Comparator.comparingLong(Answer::startedAt)).toList();
        this.faultStart = faultStart;
        this.faultEnd = faultEnd;
    }

    public List<Answer> all() {
        return answers;
    }

    public List<Answer> of(String target) {
        return select(a -> a.target().equals(target));
    }

    public List<Answer> select(Predicate<Answer> filter) {
        return answers.stream().filter(filter).toList();
    }

    /** Answers complete before the fault began: the normal latency. */
    public List<Answer> beforeFault(String target) {
        return select(a -> a.target().equals(target) && a.endedAt() < faultStart);
    }

    /** The target's first 503 that ended after the fault began. */
    public Optional<Answer> firstUnavailable(String target) {
        return of(target).stream().filter(a -> a.status() == 503 && a.endedAt() >= faultStart).min(Comparator.comparingLong(Answer::endedAt));
    }

    /** From the start of the fault until the target's first 503 arrived. */
    public Optional<Duration> timeToFirstUnavailable(String target) {
        return timeToFirst(target, a -> a.status() == 503);
    }

    /** From the start of the fault until the first answer of the target that matches arrived. */
    public Optional<Duration> timeToFirst(String target, Predicate<Answer> which) {
        return of(target).stream().filter(a -> a.endedAt() >= faultStart && which.test(a)).map(a -> Duration.ofNanos(a.endedAt() - faultStart))
                .min(Comparator.naturalOrder());
    }

    /** Answers sent after the target's first 503 arrived and before the fault ended: the outage as detected. */
    public List<Answer> onceDetected(String target) {
        return firstUnavailable(target)
                .map(first -> select(a -> a.target().equals(target) && a.startedAt() >= first.endedAt() && a.startedAt() < faultEnd))
                .orElse(List.of());
    }

    /** Answers that arrived while the fault lasted, with those in flight when it began. */
    public List<Answer> duringFault(String target) {
        return select(a -> a.target().equals(target) && a.endedAt() >= faultStart && a.startedAt() < faultEnd);
    }

    /** From the end of the fault until the first 2xx to a request sent after it; empty if none came. */
    public Optional<Duration> timeToRecovery(String target) {
        return of(target).stream().filter(a -> a.isOk() && a.startedAt() >= faultEnd).map(a -> Duration.ofNanos(a.endedAt() - faultEnd))
                .min(Comparator.naturalOrder());
    }

    /** Status counts, -1 standing for "no answer". */
    public Map<Integer, Long> statuses(List<Answer> some) {
        return some.stream().collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
    }

    /** The p-th percentile (0-100, nearest rank) of the answer times in milliseconds, or -1 for no answers. */
    public static long percentileMillis(List<Answer> some, double p) {
        if (some.isEmpty()) {
            return -1;
        }
        long[] millis = some.stream().mapToLong(Answer::millis).sorted().toArray();
        int rank = (int) Math.ceil(p / 100 * millis.length);
        return millis[Math.max(0, rank - 1)];
    }

    /** One line per target: what a reader of a failure or a benchmark report needs first. */
    public String summary(List<String> targets) {
        StringBuilder out = new StringBuilder();
        for (String target : targets) {
            List<Answer> detected = onceDetected(target);
            out.append(String.format("%-36s before: %s p50 %d ms p99 %d ms | during: %s | first 503 after %s | once detected: n=%d p50 %d ms p99 %d ms max %d ms | first 2xx after fault %s%n",
                    target, statuses(beforeFault(target)), percentileMillis(beforeFault(target), 50), percentileMillis(beforeFault(target), 99),
                    statuses(duringFault(target)), millis(timeToFirstUnavailable(target)), detected.size(), percentileMillis(detected, 50),
                    percentileMillis(detected, 99), percentileMillis(detected, 100), millis(timeToRecovery(target))));
        }
        return out.toString();
    }

    private static String millis(Optional<Duration> duration) {
        return duration.map(d -> d.toMillis() + " ms").orElse("never");
    }
}
