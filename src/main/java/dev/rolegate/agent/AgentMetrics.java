package dev.rolegate.agent;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The agent's few Prometheus series, written in the text exposition format by hand: a metrics library would be the
 * largest dependency of an agent that has eight series.
 */
final class AgentMetrics {

    private final Map<AgentAnswer.Outcome, LongAdder> requests = new EnumMap<>(AgentAnswer.Outcome.class);
    private final LongAdder upstreamCalls = new LongAdder();
    private final LongAdder upstreamFailures = new LongAdder();
    private final LongAdder upstreamNanos = new LongAdder();
    private LongSupplier cacheHits = () -> 0;
    private LongSupplier cacheMisses = () -> 0;
    private LongSupplier cacheSize = () -> 0;

    AgentMetrics() {
        for (AgentAnswer.Outcome outcome : AgentAnswer.Outcome.values()) {
            requests.put(outcome, new LongAdder());
        }
    }

    /** Reads the cache's own statistics when scraped. */
    void observe(CredentialCache cache) {
        cacheHits = cache::hits;
        cacheMisses = cache::misses;
        cacheSize = cache::size;
    }

    void answered(AgentAnswer answer) {
        requests.get(answer.outcome()).increment();
    }

    void upstreamCall(long nanos, boolean failed) {
        upstreamCalls.increment();
        upstreamNanos.add(nanos);
        if (failed) {
            upstreamFailures.increment();
        }
    }

    long requests(AgentAnswer.Outcome outcome) {
        return requests.get(outcome).sum();
    }

    /** The Prometheus text format, version 0.0.4. */
    String render() {
        StringBuilder text = new StringBuilder(1024);
        header(text, "rolegate_agent_requests_total", "counter", "Credential requests answered, by outcome");
        requests.forEach((outcome, count) -> text.append("rolegate_agent_requests_total{outcome=\"").append(outcome.label()).append("\"} ")
                .append(count.sum()).append('\n'));
        series(text, "rolegate_agent_cache_hits_total", "counter", "Requests answered from the cache or joined to a call in flight", cacheHits.getAsLong());
        series(text, "rolegate_agent_cache_misses_total", "counter", "Requests that made the agent call rolegate", cacheMisses.getAsLong());
        series(text, "rolegate_agent_cache_entries", "gauge", "Answers in the cache (approximate)", cacheSize.getAsLong());
        series(text, "rolegate_agent_upstream_failures_total", "counter",
                "Calls to rolegate that failed: unreachable, timed out, or an answer not in the container-credentials format", upstreamFailures.sum());
        header(text, "rolegate_agent_upstream_seconds", "summary", "Time spent in calls to rolegate, failed ones included");
        text.append("rolegate_agent_upstream_seconds_sum ").append(upstreamNanos.sum() / 1e9).append('\n')
                .append("rolegate_agent_upstream_seconds_count ").append(upstreamCalls.sum()).append('\n');
        return text.toString();
    }

    private static void header(StringBuilder text, String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void series(StringBuilder text, String name, String type, String help, Number value) {
        header(text, name, type, help);
        text.append(name).append(' ').append(value).append('\n');
    }
}
