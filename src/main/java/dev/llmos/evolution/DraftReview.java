package dev.llmos.evolution;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.Expect;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.Snapshot;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeConflictException;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Reviewing drafts: list and show them with their diffs, accept one (through the gate, as one
 * commit by the user), or reject one with a reason (removed, and its signature remembered).
 */
final class DraftReview {

    static final int MAX_REASON = 2_000;

    private final VolumeStore store;
    private final SkillCatalog catalog;
    private final DraftStore drafts;
    private final DraftPlanner planner;
    private final SkillGate gate;
    private final Clock clock;

    DraftReview(VolumeStore store, SkillCatalog catalog, DraftStore drafts, DraftPlanner planner, SkillGate gate, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.drafts = drafts;
        this.planner = planner;
        this.gate = gate;
        this.clock = clock;
    }

    List<DraftView> list(String userId, String teamId) {
        List<DraftView> out = new ArrayList<>();
        for (DraftStore.Stored d : drafts.all(userId)) {
            out.add(view(userId, teamId, d, false));
        }
        return out;
    }

    DraftView show(String userId, String teamId, String id) {
        return view(userId, teamId, require(userId, id), true);
    }

    private DraftStore.Stored require(String userId, String id) {
        return drafts.find(userId, id).orElseThrow(() -> new DraftNotFoundException(id == null ? "" : VolumeId.printable(id)));
    }

    private DraftView view(String userId, String teamId, DraftStore.Stored d, boolean detail) {
        Skill s = d.skill();
        Skill after = DraftPlanner.accepted(s);
        String before = d.isUpdate() ? planner.liveSkill(userId, teamId, d.id()).map(DraftPlanner.Live::text).orElse(null) : null;
        String diff = DraftStore.diff(DraftStore.newPath(d.id()), before, DraftStore.render(after));
        Map<String, String> m = s.metadata();
        Signature sig = DraftStore.signature(s);
        double rate;
        try {
            rate = Double.parseDouble(m.getOrDefault(DraftStore.SUCCESS, "0"));
        } catch (NumberFormatException e) {
            rate = 0;
        }
        return new DraftView(d.id(), d.isUpdate() ? "update" : "new", s.name(), s.description(), DraftStore.DRAFT, d.path(),
                d.updateOf(), m.get(DraftStore.RUN), sig == null ? 0 : sig.count(), rate, m.get(DraftStore.KIND),
                sig == null ? List.of() : sig.terms(), sig == null ? List.of() : sig.traces(), m.get(DraftStore.DRAFTER),
                drafts.edited(userId, d), diff, detail ? d.text() : null,
                detail ? gate.check(after, catalog.visibleTo(userId, teamId)) : List.of());
    }

    /** What accepting wrote. */
    record Accepted(String id, String kind, String path, CommitInfo commit) {
    }

    Accepted accept(String userId, String teamId, String id, String description, String content) {
        DraftStore.Stored d = require(userId, id);
        Skill s = d.skill();
        Skill edited = DraftStore.withMetadata(s, description == null ? s.description() : description.strip(),
                content == null ? s.body() : content, Map.of());
        Skill after = DraftPlanner.accepted(edited);
        List<String> reasons = gate.check(after, catalog.visibleTo(userId, teamId));
        if (!reasons.isEmpty()) {
            throw new DraftRefusedException(d.id(), reasons);
        }
        VolumeId own = VolumeId.user(userId);
        Volume volume = store.require(own);
        Snapshot head = volume.snapshot();
        String path = DraftStore.newPath(d.id());
        List<FileChange> changes = new ArrayList<>();
        List<Expect> expects = new ArrayList<>();
        changes.add(new FileChange.Put(path, DraftStore.render(after).getBytes(StandardCharsets.UTF_8)));
        expects.add(new Expect(d.path(), d.blobId()));
        if (d.isUpdate()) {
            changes.add(new FileChange.Delete(d.folder()));
            String base = s.metadata().get(DraftStore.BASE);
            Optional<String> mine = head.blobId(path);
            Optional<String> mineSeed = head.blobId("skills/" + d.id() + ".md");
            if (own.path().equals(d.updateOf())) {
                String current = mine.or(() -> mineSeed).orElse(null);
                if (current == null || !current.equals(base)) {
                    throw new DraftConflictException("your skill '" + d.id() + "' changed or was deleted since this proposal "
                            + "was made; run evolution again or edit the skill directly");
                }
                mineSeed.ifPresent(blob -> {
                    changes.add(new FileChange.Delete("skills/" + d.id() + ".md")); // the seed file becomes a folder
                    expects.add(new Expect("skills/" + d.id() + ".md", blob));
                });
                mine.ifPresent(blob -> expects.add(new Expect(path, blob)));
            } else if (mine.isPresent() || mineSeed.isPresent()) {
                throw new DraftConflictException("you have your own skill '" + d.id() + "' now; this proposal was for the one in "
                        + d.updateOf() + ". Reject it, or copy what you want into your skill");
            } else {
                expects.add(Expect.absent(path));
            }
        }
        String what = d.isUpdate() ? "update of " + d.id() + " (" + d.updateOf() + ")" : "new skill " + d.id();
        try {
            CommitInfo commit = volume.commit(Author.user(userId), "Accept evolution draft: " + what, changes, expects);
            return new Accepted(d.id(), d.isUpdate() ? "update" : "new", path, commit);
        } catch (VolumeConflictException e) {
            throw new DraftConflictException("draft '" + d.id() + "' or the skill it changes was changed meanwhile; look again");
        }
    }

    CommitInfo reject(String userId, String id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidEvolutionRequestException("reason", "is required: say why, so the next run learns from it");
        }
        if (reason.length() > MAX_REASON) {
            throw new InvalidEvolutionRequestException("reason", "is longer than " + MAX_REASON + " characters");
        }
        DraftStore.Stored d = require(userId, id);
        Volume volume = store.require(VolumeId.user(userId));
        Signature sig = DraftStore.signature(d.skill());
        Rejections.Entry entry = new Rejections.Entry(d.id(), d.isUpdate() ? "update" : "new", reason.strip(), clock.instant(),
                d.skill().metadata().get(DraftStore.RUN), sig == null ? 0 : sig.count(),
                sig == null ? List.of() : sig.traces(), sig == null ? List.of() : sig.terms());
        Snapshot head = volume.snapshot();
        List<Expect> expects = new ArrayList<>();
        expects.add(new Expect(d.path(), d.blobId()));
        expects.add(new Expect(Rejections.PATH, head.blobId(Rejections.PATH).orElse(null)));
        try {
            return volume.commit(Author.user(userId), "Reject evolution draft " + d.id(),
                    List.of(new FileChange.Delete(d.folder()),
                            new FileChange.Put(Rejections.PATH, Rejections.with(Rejections.read(head), entry))), expects);
        } catch (VolumeConflictException e) {
            throw new DraftConflictException("draft '" + d.id() + "' was changed meanwhile; look again");
        }
    }
}
