package dev.llmos.evolution;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.llmos.skill.SkillEmbeddings;
import dev.llmos.trace.Feedback;
import dev.llmos.trace.Trace;
import dev.llmos.trace.TraceReader;
import dev.llmos.turn.HarnessText;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeConflictException;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * One run for one user: load the whole trace history, judge each exchange ({@link SuccessSignals}),
 * embed what is new ({@link TraceVectors}), detect patterns ({@link PatternDetector}), decide what
 * each pattern becomes ({@link DraftPlanner}), and commit it all, with the run's record, as one
 * commit by {@link DraftStore#EVOLUTION}.
 */
final class EvolutionRunner {

    static final String RUNS = "evolution/runs";
    private static final int EMBED_BATCH = 64;

    /** The traces a run analyses, oldest first, with their feedback and a fingerprint of both. */
    record Input(List<Trace> traces, Map<String, Feedback> feedback, String fingerprint, String latestTeam) {
    }

    private final VolumeStore store;
    private final TraceReader reader;
    private final SkillEmbeddings embeddings;
    private final DraftPlanner planner;
    private final PatternDetector.Settings settings;
    private final Path cacheDir;
    private final Clock clock;

    EvolutionRunner(VolumeStore store, TraceReader reader, SkillEmbeddings embeddings, DraftPlanner planner,
                    PatternDetector.Settings settings, Path cacheDir, Clock clock) {
        this.store = store;
        this.reader = reader;
        this.embeddings = embeddings;
        this.planner = planner;
        this.settings = settings;
        this.cacheDir = cacheDir;
        this.clock = clock;
    }

    /**
     * What people asked: one trace per request of the person's own, in their words. A tool loop's later
     * calls, sub-agents' calls and delegated agents' steps are not requests (their work is judged with the
     * turn: a turn with a failed call did not go well); wrappers an agent harness put around the person's
     * words are removed again here, for traces recorded before LLMos read them away at the door.
     */
    Input input(String userId) {
        List<TraceReader.TraceView> views = store.exists(VolumeId.user(userId))
                ? reader.list(userId, null, Integer.MAX_VALUE) : List.of();
        List<Trace> traces = new ArrayList<>();
        Map<String, Feedback> feedback = new HashMap<>();
        for (TraceReader.TraceView v : views) {
            Trace t = v.trace();
            String words = t.request() == null ? "" : HarnessText.personWords(t.request());
            if (!t.opensTask() || words.isBlank()) {
                continue;
            }
            traces.add(words.equals(t.request()) && v.ok() == t.ok() ? t : asTurn(t, words, v.ok()));
            if (v.feedback() != null) {
                feedback.put(t.id(), v.feedback());
            }
        }
        traces.sort(Comparator.comparing(Trace::time).thenComparing(Trace::id));
        String team = traces.isEmpty() ? null : traces.get(traces.size() - 1).teamId();
        return new Input(List.copyOf(traces), Map.copyOf(feedback), fingerprint(traces, feedback), team);
    }

    /** The turn's first call, standing for the whole turn: the person's words and how the turn went. */
    private static Trace asTurn(Trace t, String words, boolean ok) {
        return new Trace(t.id(), t.time(), t.userId(), t.teamId(), t.conversationId(), t.source(), words, t.response(),
                t.skills(), t.provider(), t.model(), t.usage(), t.costUsd(), t.latencyMs(), ok ? "ok" : "error",
                ok ? null : t.error() == null ? "a later call of this turn failed" : t.error(), t.runId(), t.parentTraceId(),
                t.agent(), t.turn(), t.replaces());
    }

    private String fingerprint(List<Trace> traces, Map<String, Feedback> feedback) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((settings.minCount() + "|" + settings.minSuccessRate() + "|" + embeddings.enabled() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (Trace t : traces) {
                Feedback f = feedback.get(t.id());
                sha.update((t.id() + "|" + (f == null ? "" : f.rating()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    RunReport run(String runId, String userId, String teamId, boolean autoApply, Instant started, Input input,
                  EvolutionProgress progress) {
        List<Trace> traces = input.traces();
        progress.report("loading traces", traces.size(), traces.size());
        List<String> notes = new ArrayList<>();
        float[][] vectors = vectors(userId, traces, progress, notes);
        double[] success = SuccessSignals.of(traces, input.feedback(), vectors);

        progress.report("detecting", 0, traces.size());
        List<PatternDetector.Item> items = new ArrayList<>(traces.size());
        for (int i = 0; i < traces.size(); i++) {
            items.add(new PatternDetector.Item(traces.get(i).id(), traces.get(i).request(), vectors[i], success[i]));
        }
        List<PatternDetector.Pattern> patterns = acrossConversations(new PatternDetector(settings).detect(items), traces, notes);
        progress.report("detecting", traces.size(), traces.size());

        List<PatternGroup> groups = new ArrayList<>(patterns.size());
        for (PatternDetector.Pattern p : patterns) {
            groups.add(group(p, traces, success));
        }
        DraftPlanner.Plan plan = groups.isEmpty() && !store.exists(VolumeId.user(userId))
                ? DraftPlanner.Plan.EMPTY
                : planner.plan(runId, userId, teamId, autoApply, groups, progress);
        notes.addAll(plan.notes());

        Instant finished = clock.instant();
        RunReport report = new RunReport("completed", traces.size(), patterns.size(), plan.count("new"), plan.count("update"),
                plan.updated(), plan.applied(), plan.skippedRejected(), plan.skippedEdited(), plan.skippedKnown(), runId,
                userId, started, finished, plan.drafter(), notes, plan.summaries(), null, null, input.fingerprint());
        if (traces.isEmpty()) {
            return report; // nothing to record, and no volume to create
        }
        progress.report("committing", 0, 1);
        List<dev.llmos.volume.FileChange> changes = new ArrayList<>(plan.changes());
        changes.add(new dev.llmos.volume.FileChange.Put(RUNS + "/" + runId + ".json",
                Rejections.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report)));
        Volume volume = store.open(VolumeId.user(userId));
        CommitInfo commit;
        try {
            commit = volume.commit(DraftStore.EVOLUTION, message(runId, report), changes, plan.expects());
        } catch (VolumeConflictException e) {
            throw new DraftConflictException("a draft or skill this run would write changed while it ran; run again");
        }
        progress.report("committing", 1, 1);
        return new RunReport(report.status(), report.tracesAnalyzed(), report.patternsDetected(), report.skillsCreated(),
                report.proposals(), report.updated(), report.applied(), report.skippedRejected(), report.skippedEdited(),
                report.skippedKnown(), runId, userId, started, finished, report.drafter(), notes, report.drafts(), null,
                commit.id(), report.fingerprint());
    }

    private static String message(String runId, RunReport r) {
        return "Evolution " + runId + ": " + r.skillsCreated() + " new, " + r.proposals() + " proposals, " + r.updated()
                + " updated, " + r.applied() + " applied (" + r.tracesAnalyzed() + " traces, " + r.patternsDetected()
                + " patterns)";
    }

    /**
     * A pattern is work that comes back: its requests must come from more than one conversation. Within one
     * conversation, the same words again are a retry or a follow-up, not a kind of request.
     */
    private static List<PatternDetector.Pattern> acrossConversations(List<PatternDetector.Pattern> patterns, List<Trace> traces,
                                                                     List<String> notes) {
        List<PatternDetector.Pattern> kept = new ArrayList<>(patterns.size());
        int single = 0;
        for (PatternDetector.Pattern p : patterns) {
            long conversations = p.members().stream().map(i -> traces.get(i).conversationId()).distinct().count();
            if (conversations > 1) {
                kept.add(p);
            } else {
                single++;
            }
        }
        if (single > 0) {
            notes.add(single + (single == 1 ? " group of similar requests was" : " groups of similar requests were")
                    + " left out: all their requests came from one conversation (a pattern needs requests from more than one)");
        }
        return kept;
    }

    private static PatternGroup group(PatternDetector.Pattern p, List<Trace> traces, double[] success) {
        List<Trace> members = new ArrayList<>();
        List<Trace> good = new ArrayList<>();
        List<Trace> bad = new ArrayList<>();
        for (int i : p.members()) {
            members.add(traces.get(i));
            (success[i] >= 0.5 ? good : bad).add(traces.get(i));
        }
        return new PatternGroup(members, good, bad, p.terms(), p.kind(), p.successRate());
    }

    /** Vectors of the requests (null entries when embeddings are off or fail); only uncached ones are computed. */
    private float[][] vectors(String userId, List<Trace> traces, EvolutionProgress progress, List<String> notes) {
        float[][] out = new float[traces.size()][];
        if (!embeddings.enabled() || traces.isEmpty()) {
            return out;
        }
        TraceVectors cache = TraceVectors.open(cacheDir.resolve(userId + ".vec"));
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < traces.size(); i++) {
            out[i] = cache.get(traces.get(i).id(), traces.get(i).request());
            if (out[i] == null) {
                missing.add(i);
            }
        }
        progress.report("embedding", 0, missing.size());
        try {
            for (int from = 0; from < missing.size(); from += EMBED_BATCH) {
                List<Integer> batch = missing.subList(from, Math.min(missing.size(), from + EMBED_BATCH));
                List<String> ids = batch.stream().map(i -> traces.get(i).id()).toList();
                List<String> texts = batch.stream().map(i -> traces.get(i).request()).toList();
                List<float[]> computed = embeddings.embedAll(texts);
                for (int k = 0; k < batch.size(); k++) {
                    out[batch.get(k)] = computed.get(k);
                }
                try {
                    cache.put(ids, texts, computed);
                } catch (RuntimeException e) {
                    notes.add("the trace vector cache could not be written (" + e.getMessage() + "); the next run embeds again");
                }
                progress.report("embedding", from + batch.size(), missing.size());
            }
        } catch (RuntimeException e) {
            notes.add("embedding failed (" + e.getMessage() + "); grouping was lexical for the traces without a vector");
        }
        return out;
    }


    /** The user's most recent run records in their volume, newest first. */
    List<RunReport> recorded(String userId, int limit) {
        Optional<Volume> volume = store.find(VolumeId.user(userId));
        if (volume.isEmpty()) {
            return List.of();
        }
        var head = volume.get().snapshot();
        List<RunReport> out = new ArrayList<>();
        head.files(RUNS).stream().sorted(Comparator.comparing(dev.llmos.volume.Snapshot.Entry::path).reversed())
                .limit(limit).forEach(e -> {
                    try {
                        out.add(Rejections.JSON.readValue(head.read(e), RunReport.class));
                    } catch (RuntimeException damaged) {
                        // a record edited by hand into something unreadable is left out
                    }
                });
        return out;
    }
}
