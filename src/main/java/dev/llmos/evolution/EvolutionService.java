package dev.llmos.evolution;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BinaryOperator;

import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillEmbeddings;
import dev.llmos.trace.TraceReader;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Turns a user's repeated, successful requests into draft skills, and lets the user review them.
 * One run per user at a time ({@link EvolutionBusyException} for a second); everything a run
 * writes goes to the user's own volume in one commit. Runs never happen inside a chat request.
 *
 * @see EvolutionRunner the steps of a run
 * @see DraftPlanner  what a pattern becomes
 * @see DraftReview   accept and reject
 */
public final class EvolutionService {

    /** Past runs kept in memory (failed ones are only here; completed ones are also in the volume). */
    private static final int RECENT = 50;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private final VolumeStore store;
    private final EvolutionRunner runner;
    private final DraftReview review;
    private final SkillDrafter drafter;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, AtomicReference<RunReport>> running = new ConcurrentHashMap<>();
    private final List<RunReport> failed = new ArrayList<>();

    public EvolutionService(VolumeStore store, SkillCatalog catalog, TraceReader reader, SkillEmbeddings embeddings,
                            SkillDrafter drafter, PatternDetector.Settings settings) {
        this(store, catalog, reader, embeddings, drafter, settings, store.root().resolve(".cache").resolve("evolution"),
                Clock.systemUTC());
    }

    EvolutionService(VolumeStore store, SkillCatalog catalog, TraceReader reader, SkillEmbeddings embeddings,
                     SkillDrafter drafter, PatternDetector.Settings settings, Path cacheDir, Clock clock) {
        this.store = store;
        this.drafter = drafter;
        this.clock = clock;
        DraftStore drafts = new DraftStore(store, catalog);
        SkillGate gate = new SkillGate(embeddings);
        DraftPlanner planner = new DraftPlanner(store, catalog, drafts, drafter, gate);
        this.runner = new EvolutionRunner(store, reader, embeddings, planner, settings, cacheDir, clock);
        this.review = new DraftReview(store, catalog, drafts, planner, gate, clock);
    }

    /** {@code deterministic}, or the model that writes drafts. */
    public String drafter() {
        return drafter.name();
    }

    /**
     * Analyses the user's whole trace history and commits what it drafts.
     *
     * @param teamId    the team whose skills count as already seen (null for none)
     * @param autoApply accept at once the drafts that pass the gate (the user's own volume only)
     */
    public RunReport run(String userId, String teamId, boolean autoApply, EvolutionProgress progress) {
        return run(userId, teamId, autoApply, progress, null);
    }

    /**
     * The nightly run for one user: skipped (empty) when their traces and feedback are unchanged
     * since their last completed run. Acts for the team of their latest trace, as far as
     * {@code teamCheck} (user, team) allows: it returns the team, or null for none.
     */
    public Optional<RunReport> runIfChanged(String userId, BinaryOperator<String> teamCheck, EvolutionProgress progress) {
        EvolutionRunner.Input input = runner.input(userId);
        if (input.traces().isEmpty()) {
            return Optional.empty();
        }
        List<RunReport> last = runner.recorded(userId, 1);
        if (!last.isEmpty() && input.fingerprint().equals(last.get(0).fingerprint())) {
            return Optional.empty();
        }
        return Optional.of(run(userId, teamCheck.apply(userId, input.latestTeam()), false, progress, input));
    }

    private RunReport run(String userId, String teamId, boolean autoApply, EvolutionProgress progress,
                          EvolutionRunner.Input given) {
        VolumeId.requireValidName(userId, "user_id");
        if (teamId != null) {
            VolumeId.requireValidName(teamId, "team_id");
        }
        Instant started = clock.instant();
        String runId = "run_" + STAMP.format(started) + "_" + HexFormat.of().formatHex(bytes(3));
        AtomicReference<RunReport> state = new AtomicReference<>(RunReport.running(runId, userId, started, drafter.name(), "starting"));
        AtomicReference<RunReport> other = running.putIfAbsent(userId, state);
        if (other != null) {
            throw new EvolutionBusyException(userId, other.get().runId());
        }
        EvolutionProgress tracking = (phase, done, total) -> {
            state.set(RunReport.running(runId, userId, started, drafter.name(),
                    total > 0 ? phase + " " + done + "/" + total : phase));
            progress.report(phase, done, total);
        };
        try {
            EvolutionRunner.Input input = given != null ? given : runner.input(userId);
            return runner.run(runId, userId, teamId, autoApply, started, input, tracking);
        } catch (RuntimeException e) {
            synchronized (failed) {
                failed.add(state.get().failed(clock.instant(), String.valueOf(e.getMessage())));
                if (failed.size() > RECENT) {
                    failed.remove(0);
                }
            }
            throw e;
        } finally {
            running.remove(userId, state);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** The user's runs, newest first: one under way, then completed runs (from the volume) and failed ones. */
    public List<RunReport> runs(String userId, int limit) {
        VolumeId.requireValidName(userId, "user_id");
        List<RunReport> out = new ArrayList<>();
        AtomicReference<RunReport> now = running.get(userId);
        if (now != null) {
            out.add(now.get());
        }
        List<RunReport> past = new ArrayList<>(runner.recorded(userId, limit));
        synchronized (failed) {
            failed.stream().filter(r -> r.userId().equals(userId)).forEach(past::add);
        }
        past.sort(Comparator.comparing(RunReport::started).reversed());
        out.addAll(past);
        return out.subList(0, Math.min(limit, out.size()));
    }

    /** Users whose volume exists (the nightly job runs each that has traces). */
    public List<String> users() {
        return store.list().stream().filter(v -> v.kind() == VolumeId.Kind.USER).map(VolumeId::name).toList();
    }

    public List<DraftView> drafts(String userId, String teamId) {
        VolumeId.requireValidName(userId, "user_id");
        return review.list(userId, teamId);
    }

    public DraftView draft(String userId, String teamId, String id) {
        VolumeId.requireValidName(userId, "user_id");
        return review.show(userId, teamId, id);
    }

    /** What accepting a draft wrote: the skill's id, its path in the user's volume, and the commit. */
    public record Accepted(String id, String kind, String path, CommitInfo commit) {
    }

    /**
     * Accepts a draft (optionally with an edited description and body) after the gate: the skill
     * loses {@code status: draft}, in one commit by the user. An update proposal becomes the user's
     * own version of that skill.
     */
    public Accepted accept(String userId, String teamId, String id, String description, String content) {
        VolumeId.requireValidName(userId, "user_id");
        DraftReview.Accepted a = review.accept(userId, teamId, id, description, content);
        return new Accepted(a.id(), a.kind(), a.path(), a.commit());
    }

    /** Removes a draft and remembers its pattern, so it is not proposed again unless it changes materially. */
    public CommitInfo reject(String userId, String id, String reason) {
        VolumeId.requireValidName(userId, "user_id");
        return review.reject(userId, id, reason);
    }
}
