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

    /** A trace with the feedback given on it, if any. */
    public record TraceView(Trace trace, Feedback feedback) {
    }

    /** Tokens and cost for one day and model. */
    public record UsageRow(LocalDate day, String model, String provider, long requests, long inputTokens,
                           long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens, double costUsd) {
    }

    private static final class UserTraces {
        String commit;
        final Set<String> parsedFiles = new HashSet<>();
        final Map<String, Trace> traces = new HashMap<>();
        final Map<String, Feedback> feedback = new HashMap<>();
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
            for (Snapshot.Entry e : head.files("traces")) {
                String key = e.path() + "@" + e.blobId();
                if (cached.parsedFiles.contains(key)) {
                    continue;
                }
                try {
                    if (e.path().endsWith(".feedback.json")) {
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

    /** The user's traces, newest first, optionally of one conversation, at most {@code limit}. */
    public List<TraceView> list(String userId, String conversationId, int limit) {
        UserTraces cached = refreshed(userId);
        synchronized (cached) {
            return cached.traces.values().stream()
                    .filter(t -> conversationId == null || conversationId.equals(t.conversationId()))
                    .sorted(Comparator.comparing(Trace::time).thenComparing(Trace::id).reversed())
                    .limit(limit)
                    .map(t -> new TraceView(t, cached.feedback.get(t.id())))
                    .toList();
        }
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
                long[] c = counts.computeIfAbsent(key, k -> new long[5]);
                c[0]++;
                c[1] += t.usage().inputTokens();
                c[2] += t.usage().outputTokens();
                c[3] += t.usage().cacheCreationInputTokens();
                c[4] += t.usage().cacheReadInputTokens();
                costs.merge(key, t.costUsd(), Double::sum);
            }
        }
        List<UsageRow> rows = new ArrayList<>();
        counts.forEach((key, c) -> {
            String[] k = keys.get(key);
            rows.add(new UsageRow(LocalDate.parse(k[0]), k[1], k[2], c[0], c[1], c[2], c[3], c[4], costs.get(key)));
        });
        return rows;
    }
}
