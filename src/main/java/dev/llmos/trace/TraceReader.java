package dev.llmos.trace;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.llmos.volume.Snapshot;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Reads a user's traces and feedback from their volume. Parsed records are cached in memory
 * (derived data, rebuilt from git on start); a refresh after new commits parses only new files.
 */
public final class TraceReader {

    /**
     * A trace with the feedback given on it, if any. In lists, a turn of an agent harness is one view:
     * its first model call, with the tool loop's later calls (and its sub-agents' calls) as {@code steps}.
     */
    public record TraceView(Trace trace, Feedback feedback,
                            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                            List<Trace> steps) {

        public TraceView {
            steps = steps == null ? List.of() : List.copyOf(steps);
        }

        public TraceView(Trace trace, Feedback feedback) {
            this(trace, feedback, List.of());
        }

        /** The turn as a whole ended well: every call of it did. */
        public boolean ok() {
            return trace.ok() && steps.stream().allMatch(Trace::ok);
        }
    }

    /**
     * Tokens and cost for one day and model: billed tokens, and apart from them the estimated input
     * tokens of exchanges no model answered (offline).
     *
     * @param requests   what people asked (a tool loop's later calls and sub-agents' calls are not requests)
     * @param modelCalls every call to the model, each billed
     */
    public record UsageRow(LocalDate day, String model, String provider, long requests, long modelCalls, long inputTokens,
                           long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens,
                           long estimatedInputTokens, double costUsd) {
    }

    private static final class UserTraces {
        String commit;
        final Set<String> parsedFiles = new HashSet<>();
        final Map<String, Trace> traces = new HashMap<>();
        final Map<String, Feedback> feedback = new HashMap<>();
        final Map<String, ConversationRecord> conversations = new HashMap<>();
    }

    private final VolumeStore store;
    private final Map<String, UserTraces> users = new ConcurrentHashMap<>();

    public TraceReader(VolumeStore store) {
        this.store = store;
    }

    private UserTraces refreshed(String userId) {
        UserTraces cached = users.computeIfAbsent(userId, u -> new UserTraces());
        Optional<Volume> volume = store.find(VolumeId.user(userId));
        if (volume.isEmpty()) {
            return cached;
        }
        synchronized (cached) {
            Snapshot head = volume.get().snapshot();
            if (head.commitId() != null && head.commitId().equals(cached.commit)) {
                return cached;
            }
            List<Snapshot.Entry> files = new ArrayList<>(head.files("traces"));
            files.addAll(head.files("conversations"));
            for (Snapshot.Entry e : files) {
                String key = e.path() + "@" + e.blobId();
                if (cached.parsedFiles.contains(key) || e.path().endsWith(".request.json") || e.path().startsWith("traces/shared/")) {
                    continue; // raw requests are kept for audit, never loaded here
                }
                try {
                    if (e.path().startsWith("conversations/")) {
                        ConversationRecord r = TraceJson.MAPPER.readValue(head.read(e), ConversationRecord.class);
                        cached.conversations.put(r.conversationId(), r);
                    } else if (e.path().endsWith(".feedback.json")) {
                        Feedback f = TraceJson.MAPPER.readValue(head.read(e), Feedback.class);
                        cached.feedback.put(f.traceId(), f);
                    } else if (e.path().endsWith(".json")) {
                        Trace t = TraceJson.MAPPER.readValue(head.read(e), Trace.class);
                        cached.traces.put(t.id(), t);
                    }
                } catch (RuntimeException bad) {
                    // A file edited by hand into something unreadable is skipped, not fatal.
                }
                cached.parsedFiles.add(key);
            }
            cached.commit = head.commitId();
            return cached;
        }
    }

    void remember(Trace trace) {
        UserTraces cached = users.computeIfAbsent(trace.userId(), u -> new UserTraces());
        synchronized (cached) {
            cached.traces.put(trace.id(), trace);
        }
    }

    void remember(Feedback feedback) {
        // Feedback is looked up by trace id; the owner is whoever holds the trace.
        for (UserTraces cached : users.values()) {
            synchronized (cached) {
                if (cached.traces.containsKey(feedback.traceId())) {
                    cached.feedback.put(feedback.traceId(), feedback);
                }
            }
        }
    }

    void remember(String userId, ConversationRecord record) {
        UserTraces cached = users.computeIfAbsent(userId, u -> new UserTraces());
        synchronized (cached) {
            cached.conversations.put(record.conversationId(), record);
        }
    }

    /** The user's traces and what they said about their conversations, as of now (one consistent copy). */
    Everything everything(String userId) {
        UserTraces cached = refreshed(userId);
        synchronized (cached) {
            return new Everything(List.copyOf(cached.traces.values()), Map.copyOf(cached.feedback),
                    Map.copyOf(cached.conversations));
        }
    }

    /** A copy of one user's traces, feedback by trace id, and conversation records by conversation id. */
    record Everything(List<Trace> traces, Map<String, Feedback> feedback, Map<String, ConversationRecord> conversations) {
    }

    public TraceView get(String userId, String traceId) {
        TraceIds.basePath(traceId); // rejects malformed ids with a 400
        UserTraces cached = refreshed(userId);
        synchronized (cached) {
            Trace t = cached.traces.get(traceId);
            if (t == null || !userId.equals(t.userId())) {
                throw new TraceNotFoundException(traceId);
            }
            return new TraceView(t, cached.feedback.get(traceId));
        }
    }

    /**
     * The user's traces, newest first, optionally of one conversation, at most {@code limit}; the later calls
     * of a turn are folded into its first ({@link TraceView#steps()}).
     */
    public List<TraceView> list(String userId, String conversationId, int limit) {
        UserTraces cached = refreshed(userId);
        synchronized (cached) {
            Map<String, Trace> heads = new HashMap<>();
            Map<String, List<Trace>> steps = new HashMap<>();
            for (Trace t : cached.traces.values()) {
                if (t.turn() == null) {
                    continue;
                }
                Trace head = heads.get(t.turn().id());
                if (head == null || earlierStep(t, head)) {
                    heads.put(t.turn().id(), t);
                }
            }
            List<Trace> shown = new ArrayList<>();
            for (Trace t : cached.traces.values()) {
                if (conversationId != null && !conversationId.equals(t.conversationId())) {
                    continue;
                }
                if (t.turn() != null && heads.get(t.turn().id()) != t) {
                    steps.computeIfAbsent(t.turn().id(), k -> new ArrayList<>()).add(t);
                } else {
                    shown.add(t);
                }
            }
            Comparator<Trace> byTime = Comparator.comparing(Trace::time).thenComparing(Trace::id);
            return shown.stream()
                    .sorted(byTime.reversed())
                    .limit(limit)
                    .map(t -> new TraceView(t, cached.feedback.get(t.id()), t.turn() == null ? List.of()
                            : steps.getOrDefault(t.turn().id(), List.of()).stream().sorted(byTime).toList()))
                    .toList();
        }
    }

    /** Which call opens a turn: its lowest step that is not a sub-agent's, then the earliest. */
    private static boolean earlierStep(Trace a, Trace b) {
        if (a.turn().delegated() != b.turn().delegated()) {
            return !a.turn().delegated();
        }
        if (a.turn().step() != b.turn().step()) {
            return a.turn().step() < b.turn().step();
        }
        return a.time().isBefore(b.time()) || (a.time().equals(b.time()) && a.id().compareTo(b.id()) < 0);
    }

    /** The turns of one conversation, oldest first. */
    public List<Trace> conversation(String userId, String conversationId) {
        UserTraces cached = refreshed(userId);
        synchronized (cached) {
            return cached.traces.values().stream()
                    .filter(t -> conversationId.equals(t.conversationId()))
                    .sorted(Comparator.comparing(Trace::time).thenComparing(Trace::id))
                    .toList();
        }
    }

    /** The traces of one agent run (those whose {@code run_id} is {@code runId}), oldest first. */
    public List<Trace> run(String userId, String runId) {
        UserTraces cached = refreshed(userId);
        synchronized (cached) {
            return cached.traces.values().stream()
                    .filter(t -> runId.equals(t.runId()))
                    .sorted(Comparator.comparing(Trace::time).thenComparing(Trace::id))
                    .toList();
        }
    }

    /** Tokens and cost per day (UTC) and model, oldest day first. */
    public List<UsageRow> usage(String userId, LocalDate from, LocalDate to) {
        UserTraces cached = refreshed(userId);
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Double> costs = new HashMap<>();
        Map<String, String[]> keys = new HashMap<>();
        synchronized (cached) {
            for (Trace t : cached.traces.values()) {
                LocalDate day = t.time().atZone(ZoneOffset.UTC).toLocalDate();
                if ((from != null && day.isBefore(from)) || (to != null && day.isAfter(to))) {
                    continue;
                }
                String model = t.model() == null ? "unknown" : t.model();
                String key = day + "|" + model;
                keys.putIfAbsent(key, new String[] {day.toString(), model, t.provider()});
                long[] c = counts.computeIfAbsent(key, k -> new long[7]);
                if (t.opensTask()) {
                    c[0]++;
                }
                c[5]++;
                c[1] += t.usage().inputTokens();
                c[2] += t.usage().outputTokens();
                c[3] += t.usage().cacheCreationInputTokens();
                c[4] += t.usage().cacheReadInputTokens();
                c[6] += t.usage().estimatedInputTokens();
                costs.merge(key, t.costUsd(), Double::sum);
            }
        }
        List<UsageRow> rows = new ArrayList<>();
        counts.forEach((key, c) -> {
            String[] k = keys.get(key);
            rows.add(new UsageRow(LocalDate.parse(k[0]), k[1], k[2], c[0], c[5], c[1], c[2], c[3], c[4], c[6], costs.get(key)));
        });
        return rows;
    }
}
