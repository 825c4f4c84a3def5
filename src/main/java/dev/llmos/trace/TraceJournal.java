package dev.llmos.trace;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Appends traces to the user's volume. Each trace is its own file, written once and never
 * rewritten, so concurrent appends never conflict and merges stay trivial. An append returns
 * only when the trace's commit is durable; concurrent appends share one commit (group commit).
 */
public final class TraceJournal {

    private final VolumeStore store;
    private final SecretRedactor redactor;
    private final TraceIds ids = new TraceIds();
    private final TraceReader reader;
    /** Shared parts known to be in a volume ("user/name"), so the common case writes no blob twice. */
    private final Set<String> sharedWritten = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 4096;
                }
            }));

    public TraceJournal(VolumeStore store, SecretRedactor redactor, TraceReader reader) {
        this.store = store;
        this.redactor = redactor;
        this.reader = reader;
    }

    /** A fresh id for a trace made now. */
    public String newId(Instant time) {
        return ids.next(time);
    }

    /** Writes the trace (secrets redacted) and returns once it is durable. */
    public Trace append(Trace trace) {
        return await(appendAsync(trace));
    }

    /** Writes the trace and the raw request beside it, and returns once both are durable. */
    public Trace append(Trace trace, RawRequest raw) {
        return await(appendAsync(trace, raw));
    }

    public CompletableFuture<Trace> appendAsync(Trace trace) {
        return appendAsync(trace, null);
    }

    /** Writes the trace and, beside it in the same commit, the raw request it answered (secrets redacted too). */
    public CompletableFuture<Trace> appendAsync(Trace trace, RawRequest raw) {
        Trace clean = trace.withTexts(redactor.redact(trace.request()), redactor.redact(trace.response()),
                redactor.redact(trace.error()));
        byte[] json = TraceJson.MAPPER.writeValueAsBytes(clean);
        String base = TraceIds.basePath(clean.id());
        Volume volume = store.open(VolumeId.user(clean.userId()));
        List<FileChange> files = new ArrayList<>(2);
        files.add(new FileChange.Put(base + ".json", json));
        List<String> newShared = new ArrayList<>();
        if (raw != null) {
            files.add(new FileChange.Put(base + ".request.json", redacted(raw.json())));
            for (RawRequest.SharedPart part : raw.shared()) {
                String key = clean.userId() + "/" + part.name();
                if (!sharedWritten.contains(key) && volume.snapshot().read(part.path()).isEmpty()) {
                    files.add(new FileChange.Put(part.path(), redacted(part.json())));
                    newShared.add(key);
                }
            }
        }
        CompletableFuture<CommitInfo> commit = volume.commitAsync(Author.user(clean.userId()), "Trace " + clean.id(), files);
        return commit.thenApply(c -> {
            sharedWritten.addAll(newShared);
            reader.remember(clean);
            return clean;
        });
    }

    private byte[] redacted(byte[] json) {
        return redactor.redact(new String(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    /** Records (or replaces) the user's feedback on one of their traces. */
    public Feedback feedback(String userId, String traceId, String rating, String comment) {
        reader.get(userId, traceId); // 404 unless it is this user's trace
        Feedback feedback = new Feedback(traceId, rating, redactor.redact(comment), Instant.now());
        String path = TraceIds.basePath(traceId) + ".feedback.json";
        store.open(VolumeId.user(userId)).commit(Author.user(userId), "Feedback " + rating + " on " + traceId,
                List.of(new FileChange.Put(path, TraceJson.MAPPER.writeValueAsBytes(feedback))));
        reader.remember(feedback);
        return feedback;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }
}
