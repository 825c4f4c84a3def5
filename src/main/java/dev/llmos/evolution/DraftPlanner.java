package dev.llmos.evolution;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.llmos.skill.Selection;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillFormat;
import dev.llmos.skill.SkillParser;
import dev.llmos.trace.Trace;
import dev.llmos.volume.Expect;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Decides what each pattern becomes, in this order:
 * <ol>
 * <li>rejected before and not changed materially: nothing;</li>
 * <li>already a draft or proposal (most of its traces are in the pattern): rewritten if the
 * pattern changed, unless the user edited it, which is never overwritten;</li>
 * <li>already a skill evolution made: nothing, unless the pattern changed materially, then an
 * update proposal for that skill;</li>
 * <li>covered by a skill the user sees (at least half of its traces used it, or the draft would
 * duplicate it): an update proposal for that skill;</li>
 * <li>else a new draft.</li>
 * </ol>
 */
final class DraftPlanner {

    /** What a run writes, and what it counted on the way. */
    record Plan(List<RunReport.DraftSummary> summaries, List<FileChange> changes, List<Expect> expects, List<String> notes,
                String drafter, int updated, int applied, int skippedRejected, int skippedEdited, int skippedKnown) {
        static final Plan EMPTY = new Plan(List.of(), List.of(), List.of(), List.of(), SkillDrafter.DETERMINISTIC, 0, 0, 0, 0, 0);

        int count(String kind) {
            return (int) summaries.stream().filter(s -> s.kind().equals(kind) && s.action().equals("created")).count();
        }
    }

    /** A skill as the user sees it now, with the version of its file. */
    record Live(Skill skill, String text, String blobId) {
    }

    private final VolumeStore store;
    private final SkillCatalog catalog;
    private final DraftStore drafts;
    private final SkillDrafter drafter;
    private final SkillGate gate;

    DraftPlanner(VolumeStore store, SkillCatalog catalog, DraftStore drafts, SkillDrafter drafter, SkillGate gate) {
        this.store = store;
        this.catalog = catalog;
        this.drafts = drafts;
        this.drafter = drafter;
        this.gate = gate;
    }

    /** Mutable tallies of one plan. */
    private static final class Tally {
        final List<RunReport.DraftSummary> summaries = new ArrayList<>();
        final List<FileChange> changes = new ArrayList<>();
        final List<Expect> expects = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final Set<String> claimed = new HashSet<>();
        final Set<String> taken = new HashSet<>();
        String drafter;
        int updated;
        int applied;
        int rejected;
        int edited;
        int known;
    }

    Plan plan(String runId, String userId, String teamId, boolean autoApply, List<PatternGroup> groups,
              EvolutionProgress progress) {
        VolumeId own = VolumeId.user(userId);
        List<DraftStore.Stored> existing = drafts.all(userId);
        List<Skill> visible = catalog.visibleTo(userId, teamId);
        List<Skill> live = visible.stream().filter(s -> !DraftStore.isDraft(s)).toList();
        List<Rejections.Entry> rejected = store.find(own).map(v -> Rejections.read(v.snapshot())).orElse(List.of());
        Tally t = new Tally();
        t.drafter = drafter.name();
        visible.forEach(s -> t.taken.add(s.id()));
        catalog.in(own).skills().forEach(s -> t.taken.add(s.id()));
        existing.forEach(d -> t.taken.add(d.id()));

        for (int i = 0; i < groups.size(); i++) {
            progress.report("drafting", i, groups.size());
            PatternGroup g = groups.get(i);
            Set<String> members = new HashSet<>(g.memberIds());
            if (rejected.stream().anyMatch(r -> !r.signature().changedMaterially(members, g.terms()))) {
                t.rejected++;
                continue;
            }
            DraftStore.Stored draft = bestDraft(existing, members, t.claimed);
            if (draft != null) {
                t.claimed.add(draft.id());
                Signature sig = DraftStore.signature(draft.skill());
                if (drafts.edited(userId, draft)) {
                    t.edited++;
                } else if (sig != null && sig.count() == g.count() && !sig.changedMaterially(members, g.terms())) {
                    t.known++;
                } else if (draft.isUpdate()) {
                    liveSkill(userId, teamId, draft.id()).ifPresentOrElse(
                            base -> propose(t, runId, userId, autoApply, g, base, draft, live),
                            () -> t.notes.add("the skill proposal '" + draft.id() + "' changes no longer exists; left as it is"));
                } else {
                    newDraft(t, runId, userId, autoApply, g, draft, live);
                }
                continue;
            }
            Skill evolved = bestEvolved(live, members);
            if (evolved != null) {
                if (!DraftStore.signature(evolved).changedMaterially(members, g.terms()) || !t.claimed.add(evolved.id())) {
                    t.known++;
                } else {
                    liveSkill(userId, teamId, evolved.id()).ifPresent(base -> propose(t, runId, userId, autoApply, g, base, null, live));
                }
                continue;
            }
            Optional<Skill> covering = usedByMost(g, live);
            if (covering.isEmpty()) {
                covering = gate.nearDuplicate("", DeterministicDrafts.title(g), DeterministicDrafts.description(g), live);
            }
            if (covering.isPresent()) {
                String id = covering.get().id();
                if (!t.claimed.add(id)) {
                    t.known++;
                    continue;
                }
                Optional<DraftStore.Stored> earlier = existing.stream().filter(d -> d.id().equals(id) && d.isUpdate()).findFirst();
                if (earlier.isPresent() && drafts.edited(userId, earlier.get())) {
                    t.edited++;
                    continue;
                }
                liveSkill(userId, teamId, id).ifPresent(base -> propose(t, runId, userId, autoApply, g, base, earlier.orElse(null), live));
                continue;
            }
            newDraft(t, runId, userId, autoApply, g, null, live);
        }
        progress.report("drafting", groups.size(), groups.size());
        return new Plan(t.summaries, t.changes, t.expects, t.notes, t.drafter, t.updated, t.applied, t.rejected, t.edited, t.known);
    }

    private void newDraft(Tally t, String runId, String userId, boolean autoApply, PatternGroup g, DraftStore.Stored earlier,
                          List<Skill> live) {
        String id = earlier != null ? earlier.id() : freshId(g, t.taken);
        t.taken.add(id);
        String title = earlier != null ? earlier.skill().name() : DeterministicDrafts.title(g);
        SkillDrafter.Text text = drafter.draftNew(g, id, title);
        noteDrafter(t, text, id);
        Skill draft = new Skill(id, title, text.description(), null, List.of(), text.body(), SkillFormat.AGENT_SKILL, false,
                List.of(), null, null, provenance(g, runId, text.drafter()), List.of(), List.of(), null, null, null);
        String path = DraftStore.newPath(id);
        List<String> problems = autoApply ? gate.check(accepted(draft), live) : List.of();
        boolean apply = autoApply && problems.isEmpty();
        Skill written = apply ? accepted(draft) : draft;
        if (!valid(t, written, id)) {
            return;
        }
        t.changes.add(new FileChange.Put(path, DraftStore.render(written).getBytes(StandardCharsets.UTF_8)));
        if (earlier != null) {
            t.expects.add(new Expect(path, earlier.blobId()));
            t.updated++;
        } else {
            t.expects.add(Expect.absent(path));
            t.expects.add(Expect.absent("skills/" + id + ".md"));
        }
        t.applied += apply ? 1 : 0;
        t.summaries.add(new RunReport.DraftSummary(id, "new", earlier == null ? "created" : "updated", title,
                text.description(), null, g.count(), g.successRate(), apply, problems));
    }

    private void propose(Tally t, String runId, String userId, boolean autoApply, PatternGroup g, Live base,
                         DraftStore.Stored earlier, List<Skill> live) {
        Skill b = base.skill();
        SkillDrafter.Text text = drafter.draftUpdate(g, b, base.text(), runId);
        noteDrafter(t, text, b.id());
        Map<String, String> meta = provenance(g, runId, text.drafter());
        meta.put(DraftStore.UPDATE_OF, b.volume());
        meta.put(DraftStore.BASE, base.blobId());
        Skill proposal = DraftStore.withMetadata(b, text.description(), text.body(), meta);
        String own = VolumeId.user(userId).path();
        // Auto-apply changes only the user's own skills: an override of a team or system skill would
        // silently hide that skill's later changes, so that stays a proposal for the person to accept.
        List<String> problems = autoApply && own.equals(b.volume()) ? gate.check(accepted(proposal), live) : List.of();
        boolean apply = autoApply && own.equals(b.volume()) && problems.isEmpty();
        if (!valid(t, proposal, b.id())) {
            return;
        }
        if (apply) {
            Skill written = accepted(proposal);
            t.changes.add(new FileChange.Put(DraftStore.newPath(b.id()), DraftStore.render(written).getBytes(StandardCharsets.UTF_8)));
            t.expects.add(new Expect(b.path(), base.blobId()));
            if (!b.path().equals(DraftStore.newPath(b.id()))) {
                t.changes.add(new FileChange.Delete(b.path())); // a seed-format skill becomes a folder
            }
            if (earlier != null) {
                t.changes.add(new FileChange.Delete(earlier.folder()));
            }
        } else {
            String path = DraftStore.proposalPath(b.id());
            t.changes.add(new FileChange.Put(path, DraftStore.render(proposal).getBytes(StandardCharsets.UTF_8)));
            t.expects.add(earlier == null ? Expect.absent(path) : new Expect(path, earlier.blobId()));
        }
        t.updated += earlier != null ? 1 : 0;
        t.applied += apply ? 1 : 0;
        t.summaries.add(new RunReport.DraftSummary(b.id(), "update", earlier == null ? "created" : "updated", b.name(),
                text.description(), b.volume(), g.count(), g.successRate(), apply, problems));
    }

    private static boolean valid(Tally t, Skill s, String id) {
        SkillParser.Result r = SkillParser.parseStored(DraftStore.newPath(id), DraftStore.render(s));
        if (r == null || !r.ok()) {
            t.notes.add("the draft for '" + id + "' was not a valid skill and was not written: "
                    + (r == null ? "unreadable" : r.errors()));
            return false;
        }
        return true;
    }

    private static void noteDrafter(Tally t, SkillDrafter.Text text, String id) {
        if (text.note() != null) {
            t.notes.add(id + ": " + text.note());
        }
    }

    /** The skill without review state: what accepting a draft writes. */
    static Skill accepted(Skill draft) {
        Map<String, String> clear = new HashMap<>();
        clear.put(DraftStore.STATUS, null);
        clear.put(DraftStore.UPDATE_OF, null);
        clear.put(DraftStore.BASE, null);
        return DraftStore.withMetadata(draft, draft.description(), draft.body(), clear);
    }

    static Map<String, String> provenance(PatternGroup g, String runId, String drafterName) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DraftStore.STATUS, DraftStore.DRAFT);
        m.put(DraftStore.RUN, runId);
        m.put(DraftStore.DRAFTER, drafterName);
        m.put(DraftStore.COUNT, Integer.toString(g.count()));
        m.put(DraftStore.SUCCESS, String.format(Locale.ROOT, "%.2f", g.successRate()));
        if (g.kind() != null) {
            m.put(DraftStore.KIND, g.kind());
        }
        m.put(DraftStore.TERMS, String.join(", ", g.terms()));
        m.put(DraftStore.TRACES, String.join(", ", g.memberIds().stream().sorted().limit(DraftStore.MAX_TRACES).toList()));
        return m;
    }

    private static DraftStore.Stored bestDraft(List<DraftStore.Stored> existing, Set<String> members, Set<String> claimed) {
        DraftStore.Stored best = null;
        double bestOverlap = 0.5 - 1e-9;
        for (DraftStore.Stored d : existing) {
            Signature sig = DraftStore.signature(d.skill());
            double overlap = sig == null || claimed.contains(d.id()) ? 0 : sig.overlap(members);
            if (overlap > bestOverlap) {
                best = d;
                bestOverlap = overlap;
            }
        }
        return best;
    }

    private static Skill bestEvolved(List<Skill> live, Set<String> members) {
        Skill best = null;
        double bestOverlap = 0.5 - 1e-9;
        for (Skill s : live) {
            Signature sig = DraftStore.signature(s);
            double overlap = sig == null ? 0 : sig.overlap(members);
            if (overlap > bestOverlap) {
                best = s;
                bestOverlap = overlap;
            }
        }
        return best;
    }

    /** The skill at least half of the group's traces used (not merely always-on), if the user still sees it. */
    private static Optional<Skill> usedByMost(PatternGroup g, List<Skill> live) {
        Map<String, Integer> uses = new HashMap<>();
        for (Trace t : g.members()) {
            t.skills().stream().filter(r -> !Selection.ALWAYS_ON.equals(r.reason())).map(Trace.SkillRef::id).distinct()
                    .forEach(id -> uses.merge(id, 1, Integer::sum));
        }
        return uses.entrySet().stream().filter(e -> 2 * e.getValue() >= g.count())
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> live.stream().filter(s -> s.id().equals(e.getKey())).findFirst())
                .flatMap(Optional::stream).findFirst();
    }

    /** The highest-precedence non-draft skill with this id, with its file's text and version. */
    Optional<Live> liveSkill(String userId, String teamId, String id) {
        for (VolumeId layer : catalog.layers(userId, teamId)) {
            Optional<Skill> s = catalog.findIn(layer, id).filter(x -> !DraftStore.isDraft(x));
            if (s.isPresent()) {
                var snapshot = store.require(layer).snapshotAt(s.get().commit());
                String text = snapshot.read(s.get().path()).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
                return Optional.of(new Live(s.get(), text, snapshot.blobId(s.get().path()).orElse(null)));
            }
        }
        return Optional.empty();
    }

    /** A readable id from the group's terms, unique among the skills the user has or sees. */
    static String freshId(PatternGroup g, Set<String> taken) {
        List<String> terms = DeterministicDrafts.nameTerms(g);
        String base = SkillParser.toId(terms.isEmpty() ? (g.kind() == null ? "recurring-request" : g.kind()) : String.join("-", terms));
        if (base.length() > 60) {
            base = base.substring(0, 60).replaceAll("-+$", "");
        }
        String id = base;
        for (int n = 2; taken.contains(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }
}
