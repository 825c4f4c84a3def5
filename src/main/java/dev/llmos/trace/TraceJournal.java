package dev.llmos.trace;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.FileChange;
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

    public CompletableFuture<Trace> appendAsync(Trace trace) {
        Trace clean = new Trace(trace.id(), trace.time(), trace.userId(), trace.teamId(), trace.conversationId(),
                trace.source(), redactor.redact(trace.request()), redactor.redact(trace.response()), trace.skills(),
                trace.provider(), trace.model(), trace.usage(), trace.costUsd(), trace.latencyMs(), trace.outcome(),
                redactor.redact(trace.error()), trace.runId(), trace.parentTraceId(), trace.agent());
        byte[] json = TraceJson.MAPPER.writeValueAsBytes(clean);
        String path = TraceIds.basePath(clean.id()) + ".json";
        CompletableFuture<CommitInfo> commit = store.open(VolumeId.user(clean.userId()))
                .commitAsync(Author.user(clean.userId()), "Trace " + clean.id(), List.of(new FileChange.Put(path, json)));
        return commit.thenApply(c -> {
            reader.remember(clean);
            return clean;
        });
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
