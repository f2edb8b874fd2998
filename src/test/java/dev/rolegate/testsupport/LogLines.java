package dev.rolegate.testsupport;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Lines an application printed in some window (e.g. during a fault), classified: stack-trace lines, and lines by level. */
public record LogLines(List<String> lines) {

    private static final Pattern STACK_TRACE = Pattern.compile("^\\s+at \\S|^Caused by: |^\\s+\\.\\.\\. \\d+ (more|common frames omitted)|^\\s+Suppressed: ");
    /** Quarkus' default console format: {@code 2026-11-30 20:14:22,539 INFO  [category] (thread) message}. */
    private static final Pattern LEVEL = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d[,.]\\d+ +([A-Z]+) ");

    /** The lines of {@code output} between two of its lengths, as taken from {@link PackagedApp#output()}. */
    public static LogLines between(String output, int from, int to) {
        String window = output.substring(Math.min(from, output.length()), Math.min(to, output.length()));
        return new LogLines(window.isEmpty() ? List.of() : List.of(window.split("\n")));
    }

    public int count() {
        return lines.size();
    }

    /** Lines that belong to a printed stack trace ("at ...", "Caused by: ...", "... 12 more"). */
    public long stackTraceLines() {
        return lines.stream().filter(l -> STACK_TRACE.matcher(l).find()).count();
    }

    /** Log records by level; continuation lines (stack traces, multi-line messages) are not records. */
    public Map<String, Long> levels() {
        return lines.stream().map(LEVEL::matcher).filter(Matcher::find).collect(Collectors.groupingBy(m -> m.group(1), TreeMap::new, Collectors.counting()));
    }

    /** The first {@code max} lines that are not stack-trace lines, each cut to 240 characters. */
    public String sample(int max) {
        return lines.stream().filter(l -> !STACK_TRACE.matcher(l).find()).limit(max)
                .map(l -> l.length() > 240 ? l.substring(0, 240) + "…" : l).collect(Collectors.joining("\n    ", "    ", ""));
    }

    public String summary() {
        return count() + " lines, " + stackTraceLines() + " of them stack-trace lines, records by level " + levels();
    }
}
