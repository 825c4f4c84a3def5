package dev.llmos.agent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.llmos.trace.Trace;
import dev.llmos.trace.TraceReader;

/** A run as a tree of its agents' traces (read back from git), with totals. */
public final class RunTrees {

    /** One agent of the run and the agents it delegated to. */
    public record Node(String traceId, String parentTraceId, String agent, Instant time, String task, String response,
                       String outcome, String error, List<Trace.SkillRef> skills, String model, Trace.TokenUsage usage,
                       double costUsd, long latencyMs, List<Node> children) {
    }

    /** Sums over every agent of the run. */
    public record Totals(int agents, long inputTokens, long outputTokens, long cacheCreationInputTokens,
                         long cacheReadInputTokens, double costUsd, Map<String, Integer> outcomes) {
    }

    /**
     * @param status   {@code running}, or the first agent's outcome
     * @param root     the first agent (null while it is still working)
     * @param detached finished agents whose parent has not finished yet (only while running)
     */
    public record RunTree(String runId, String agent, String status, Node root, List<Node> detached, Totals totals) {
    }

    private static final Pattern RUN_ID = Pattern.compile("trace_\\d{8}_\\d{6}_[0-9a-f]{8}");

    private final TraceReader reader;
    private final ActiveRuns active;

    public RunTrees(TraceReader reader, ActiveRuns active) {
        this.reader = reader;
        this.active = active;
    }

    public RunTree tree(String userId, String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new InvalidRunRequestException("run_id", "is not a run id (the run's first trace id, trace_YYYYMMDD_HHMMSS_xxxxxxxx)");
        }
        List<Trace> traces = reader.run(userId, runId);
        boolean running = active.find(userId, runId).isPresent();
        if (traces.isEmpty() && !running) {
            throw new RunNotFoundException(runId);
        }
        Map<String, List<Trace>> byParent = new HashMap<>();
        Map<String, Trace> byId = new HashMap<>();
        for (Trace t : traces) {
            byId.put(t.id(), t);
            if (t.parentTraceId() != null) {
                byParent.computeIfAbsent(t.parentTraceId(), k -> new ArrayList<>()).add(t);
            }
        }
        Trace rootTrace = byId.get(runId);
        Node root = rootTrace == null ? null : node(rootTrace, byParent);
        List<Node> detached = traces.stream()
                .filter(t -> t.parentTraceId() != null && !byId.containsKey(t.parentTraceId()))
                .map(t -> node(t, byParent)).toList();
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        long in = 0, out = 0, cc = 0, cr = 0;
        double cost = 0;
        for (Trace t : traces) {
            outcomes.merge(t.outcome(), 1, Integer::sum);
            in += t.usage().inputTokens();
            out += t.usage().outputTokens();
            cc += t.usage().cacheCreationInputTokens();
            cr += t.usage().cacheReadInputTokens();
            cost += t.costUsd();
        }
        String agent = rootTrace != null ? rootTrace.agent() : active.find(userId, runId).map(r -> r.agent().name()).orElse(null);
        String status = running || rootTrace == null ? "running" : rootTrace.outcome();
        return new RunTree(runId, agent, status, root, detached, new Totals(traces.size(), in, out, cc, cr, cost, outcomes));
    }

    private static Node node(Trace t, Map<String, List<Trace>> byParent) {
        List<Node> children = byParent.getOrDefault(t.id(), List.of()).stream()
                .sorted(Comparator.comparing(Trace::time).thenComparing(Trace::id))
                .map(c -> node(c, byParent)).toList();
        return new Node(t.id(), t.parentTraceId(), t.agent(), t.time(), t.request(), t.response(), t.outcome(), t.error(),
                t.skills(), t.model(), t.usage(), t.costUsd(), t.latencyMs(), children);
    }
}
