package dev.llmos.promotion;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.llmos.access.AccessDeniedException;
import dev.llmos.access.AccessPolicy;
import dev.llmos.access.NotVisibleException;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.agent.AgentNotFoundException;
import dev.llmos.agent.AgentParser;
import dev.llmos.agent.InvalidAgentException;
import dev.llmos.promotion.Promotion.Event;
import dev.llmos.promotion.PromotionRecords.Stored;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillNotFoundException;
import dev.llmos.skill.SkillParser;
import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.Snapshot;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeConflictException;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Pull-request-style promotion of skills and agents: a user proposes a skill (or an agent) of their
 * volume to their team, a team maintainer proposes a team skill (or agent) to the system volume; a reviewer of the target (team
 * maintainers, system admins) approves it, which merges it as one commit in the target.
 *
 * <p>Who sees a request: its author, whoever can read its source volume, and whoever can review
 * its target; to anyone else it does not exist (404). Every change of a request is a commit to
 * its record in the source volume, authored by whoever acted, so git history is the audit log.
 * See docs/promotion.md.
 */
public final class PromotionService {

    private static final int MAX_REASON = 2_000;
    private static final int MAX_COMMENT = 10_000;
    private static final int MAX_EVENTS = 1_000;

    private final VolumeStore store;
    private final SkillCatalog catalog;
    private final AccessPolicy access;
    private final Clock clock;
    private final PromotionRecords records;

    public PromotionService(VolumeStore store, SkillCatalog catalog, AccessPolicy access, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.access = access;
        this.clock = clock;
        this.records = new PromotionRecords(store, clock);
    }

    /**
     * Opens a request to promote {@code skillId} from {@code from} (null: the caller's user volume)
     * to {@code to} (null: the caller's team from a user volume, {@code system} from a team volume).
     * The proposal is frozen: it is the skill's files at the source's current commit.
     */
    public Promotion open(Principal who, String skillId, String from, String to, String reason) {
        if (!SkillParser.isValidId(skillId)) {
            throw new InvalidPromotionException("skill_id", "'" + VolumeId.printable(String.valueOf(skillId))
                    + "' must be 1-64 characters of a-z, 0-9 and single hyphens");
        }
        return open(who, new FileSet.OfSkill(skillId), from, to, reason);
    }

    /**
     * Opens a request to promote the agent {@code agents/{name}.md}, like {@link #open} for a skill.
     * The agent must be defined in the source volume itself and parse without errors.
     */
    public Promotion openAgent(Principal who, String name, String from, String to, String reason) {
        if (!AgentParser.isValidName(name)) {
            throw new InvalidPromotionException("name", "'" + VolumeId.printable(String.valueOf(name))
                    + "' must be 1-64 lower-case letters, digits or '-'");
        }
        return open(who, new FileSet.OfAgent(name), from, to, reason);
    }

    private Promotion open(Principal who, FileSet item, String from, String to, String reason) {
        String why = Texts.required(reason, "reason", MAX_REASON);
        VolumeId source = Texts.blank(from) ? who.ownVolume() : Texts.volume(from, "from");
        VolumeId target = Texts.blank(to) ? defaultTarget(who, source) : Texts.volume(to, "to");
        if (!((source.kind() == VolumeId.Kind.USER && target.kind() == VolumeId.Kind.TEAM)
                || (source.kind() == VolumeId.Kind.TEAM && target.kind() == VolumeId.Kind.SYSTEM))) {
            throw new InvalidPromotionException("to", item.kind() + "s go from a user volume to a team, or from a team to system;"
                    + " not from " + source + " to " + target);
        }
        access.requireWrite(who, source);
        if (!access.canRead(who, target)) {
            throw new NotVisibleException("volume " + target);
        }
        String sourceCommit = definedAt(item, source);
        return records.lockedOpen(source, () -> {
            for (Stored other : records.inVolume(source)) {
                Promotion o = other.promotion();
                if (Promotion.OPEN.equals(o.status()) && o.files().equals(item) && o.target().equals(target.path())) {
                    throw new PromotionStateException("promotion " + o.id() + " of " + item.label() + " from " + source
                            + " to " + target + " is already open; withdraw it or wait for its review");
                }
            }
            Snapshot frozen = store.require(source).snapshotAt(sourceCommit);
            Map<String, String> proposed = item.blobs(frozen);
            Map<String, String> base = item.blobs(store.find(target).map(Volume::snapshot).orElse(null));
            if (base.equals(proposed)) {
                throw new PromotionStateException(item.label() + " in " + target + " is already the same as in "
                        + source + "; there is nothing to promote");
            }
            Instant now = now();
            String id = records.newId();
            boolean agent = item instanceof FileSet.OfAgent;
            Promotion p = new Promotion(id, item.kind(), agent ? null : item.name(), agent ? item.name() : null,
                    source.path(), frozen.commitId(), target.path(), base, why,
                    who.userId(), now, Promotion.OPEN, List.of(new Event("opened", who.userId(), why, now, frozen.commitId())),
                    null, null);
            return records.write(null, p, Author.user(who.userId()), subject(p, "opened by " + who.userId()
                    + " (" + item.label() + ", " + source + " -> " + target + ")") + "\n\n" + why).promotion();
        });
    }

    /**
     * The source commit to freeze, once the item is known to be defined in the source itself (not
     * only seen through a lower layer): a skill the catalog reads there, an agent whose file parses
     * without errors (422 with its problems otherwise, as for {@code PUT /agents/{name}}).
     */
    private String definedAt(FileSet item, VolumeId source) {
        if (item instanceof FileSet.OfAgent agent) {
            Snapshot head = store.find(source).map(Volume::snapshot)
                    .orElseThrow(() -> new AgentNotFoundException(agent.name(), source.path()));
            byte[] file = head.read(agent.path()).orElseThrow(() -> new AgentNotFoundException(agent.name(), source.path()));
            AgentParser.Result parsed = AgentParser.parse(agent.path(), new String(file, StandardCharsets.UTF_8));
            if (parsed.agent() == null) {
                throw new InvalidAgentException(parsed.problems());
            }
            return head.commitId();
        }
        Skill skill = catalog.findIn(source, item.name()).orElseThrow(() -> new SkillNotFoundException(item.name(), source.path()));
        return skill.commit();
    }

    /** Open and stale requests whose target the caller may review, newest first; never their own (those are in the outbox). */
    public List<Promotion> inbox(Principal who) {
        return records.all().stream()
                .filter(s -> s.promotion().pending() && access.canReview(who, VolumeId.parse(s.promotion().target())))
                .filter(s -> !s.promotion().author().equals(who.userId()))
                .map(s -> reconcile(s, false).promotion())
                .filter(Promotion::pending)
                .sorted(NEWEST_FIRST).toList();
    }

    /**
     * Requests to volumes the caller reviews that are decided (merged, rejected, withdrawn, reverted),
     * newest first, at most {@code limit}; never their own. Where a reviewer finds what they approved,
     * e.g. to revert it.
     */
    public List<Promotion> decided(Principal who, int limit) {
        return records.all().stream()
                .filter(s -> access.canReview(who, VolumeId.parse(s.promotion().target())))
                .filter(s -> !s.promotion().author().equals(who.userId()))
                .map(s -> reconcile(s, false).promotion())
                .filter(p -> !p.pending())
                .sorted(NEWEST_FIRST).limit(limit).toList();
    }

    /** Every request the caller opened, in any state, newest first. */
    public List<Promotion> outbox(Principal who) {
        if (who.isAnonymous()) {
            return List.of();
        }
        return records.all().stream()
                .filter(s -> who.userId().equals(s.promotion().author()))
                .map(s -> reconcile(s, false).promotion())
                .sorted(NEWEST_FIRST).toList();
    }

    public Promotion get(Principal who, String id) {
        return reconcile(visible(who, id), true).promotion();
    }

    public PromotionDiff diff(Principal who, String id) {
        return Diffs.of(store, reconcile(visible(who, id), true).promotion());
    }

    public Promotion comment(Principal who, String id, String text) {
        String said = Texts.required(text, "text", MAX_COMMENT);
        visible(who, id);
        access.requireScope(who, Scope.WRITE);
        return records.locked(id, () -> {
            Stored s = records.require(id);
            if (s.promotion().events().size() >= MAX_EVENTS) {
                throw new PromotionStateException("promotion " + id + " has " + MAX_EVENTS + " events; open a new one to go on");
            }
            Promotion p = s.promotion().with(s.promotion().status(), event("comment", who, said, null));
            return records.write(s, p, Author.user(who.userId()), subject(p, "comment by " + who.userId()) + "\n\n" + said)
                    .promotion();
        });
    }

    /**
     * Merges the request into its target as one commit, if the target's copy of the skill (agent) is
     * still what it was when the request was opened; otherwise marks it stale and throws
     * {@link PromotionStaleException}, writing nothing to the target.
     */
    public Promotion approve(Principal who, String id, String comment) {
        String note = Texts.optional(comment, "comment", MAX_COMMENT);
        Promotion seen = reviewable(who, id, "approve").promotion();
        if (seen.author().equals(who.userId())) {
            throw new AccessDeniedException("you cannot approve your own promotion");
        }
        return records.locked(id, () -> merge(who, reconcile(records.require(id), false), note));
    }

    public Promotion reject(Principal who, String id, String reason) {
        String why = Texts.required(reason, "reason", MAX_REASON);
        reviewable(who, id, "reject");
        return records.locked(id, () -> {
            Stored s = reconcile(records.require(id), false);
            requirePending(s.promotion(), "rejected");
            Promotion p = s.promotion().with(Promotion.REJECTED, event("rejected", who, why, null));
            return records.write(s, p, Author.user(who.userId()), subject(p, "rejected by " + who.userId()) + "\n\n" + why)
                    .promotion();
        });
    }

    /** The author takes back a request that is still open or stale. */
    public Promotion withdraw(Principal who, String id) {
        Promotion seen = visible(who, id).promotion();
        access.requireScope(who, Scope.WRITE);
        if (!seen.author().equals(who.userId())) {
            throw new AccessDeniedException("only its author, " + seen.author() + ", can withdraw promotion " + id);
        }
        return records.locked(id, () -> {
            Stored s = reconcile(records.require(id), false);
            requirePending(s.promotion(), "withdrawn");
            Promotion p = s.promotion().with(Promotion.WITHDRAWN, event("withdrawn", who, null, null));
            return records.write(s, p, Author.user(who.userId()), subject(p, "withdrawn by " + who.userId())).promotion();
        });
    }

    /**
     * Undoes a merged request with one commit in the target that puts the skill's (agent's) files back as
     * they were before the merge, provided nobody changed them since.
     */
    public Promotion revert(Principal who, String id, String reason) {
        String why = Texts.required(reason, "reason", MAX_REASON);
        reviewable(who, id, "revert");
        return records.locked(id, () -> {
            Stored s = reconcile(records.require(id), true);
            Promotion p = s.promotion();
            if (!Promotion.MERGED.equals(p.status())) {
                throw new PromotionStateException("promotion " + id + " is " + p.status() + "; only a merged request can be reverted");
            }
            if (p.mergeCommit() == null) {
                throw new PromotionStateException("promotion " + id + " changed nothing in " + p.target()
                        + " (it already had the content), so there is nothing to revert");
            }
            Volume target = store.require(VolumeId.parse(p.target()));
            CommitInfo merge = target.commitInfo(p.mergeCommit());
            FileSet files = p.files();
            Map<String, String> merged = files.blobs(target.snapshotAt(merge.id()));
            Snapshot before = merge.parents().isEmpty() ? null : target.snapshotAt(merge.parents().get(0));
            Map<String, String> wanted = files.blobs(before);
            Map<String, String> now = files.blobs(target.snapshot());
            if (!now.equals(merged)) {
                throw new PromotionStateException(files.label() + " in " + p.target() + " changed since promotion "
                        + id + " merged it (" + String.join(", ", SkillFiles.changedPaths(merged, now))
                        + "); revert it with the " + files.kind() + "'s history instead");
            }
            SkillFiles.Plan plan = SkillFiles.plan(now, wanted, before == null ? Map.of() : SkillFiles.contents(before, wanted));
            CommitInfo undone;
            try {
                undone = target.commit(Author.user(who.userId()), Trailers.revert(p, who.userId(), why), plan.changes(), plan.expects());
            } catch (VolumeConflictException e) {
                throw new PromotionStateException(e.path() + " in " + p.target() + " changed while reverting promotion " + id
                        + "; nothing was reverted, try again");
            }
            Promotion q = p.with(Promotion.REVERTED, List.of(event("reverted", who, why, undone.id())), p.mergeCommit(), undone.id());
            return records.write(s, q, Author.user(who.userId()), subject(q, "reverted by " + who.userId() + " in "
                    + p.target() + " as " + undone.shortId()) + "\n\n" + why).promotion();
        });
    }

    /** Runs under the request's lock: the record is re-read, so two approvals cannot both merge. */
    private Promotion merge(Principal who, Stored s, String note) {
        Promotion p = s.promotion();
        if (!Promotion.OPEN.equals(p.status())) {
            throw new PromotionStateException("promotion " + p.id() + " is " + p.status() + "; only an open request can be approved"
                    + (Promotion.STALE.equals(p.status()) ? " (open a new one against the target as it is now)" : ""));
        }
        Snapshot frozen = store.require(VolumeId.parse(p.source())).snapshotAt(p.sourceCommit());
        Map<String, String> proposed = p.files().blobs(frozen);
        Volume target = store.open(VolumeId.parse(p.target()));
        Snapshot head = target.snapshot();
        Map<String, String> current = p.files().blobs(head);
        Event approved = event("approved", who, note, null);
        Author author = Author.user(who.userId());
        if (current.equals(proposed)) {
            // Someone already made the target exactly this: nothing to commit, and nothing overwritten.
            Promotion q = p.with(Promotion.MERGED, List.of(approved,
                    event("merged", who, p.target() + " already had this content; nothing to commit", null)), null, null);
            return records.write(s, q, author, subject(q, "approved by " + who.userId() + "; " + p.target()
                    + " already had this content")).promotion();
        }
        if (!current.equals(p.base())) {
            throw stale(who, s, head.commitId(), SkillFiles.changedPaths(p.base(), current));
        }
        SkillFiles.Plan plan = SkillFiles.plan(current, proposed, SkillFiles.contents(frozen, proposed));
        CommitInfo commit;
        try {
            // The target first: it is the truth if we crash before recording the merge (see reconcile).
            commit = target.commit(author, Trailers.merge(p, who.userId()), plan.changes(), plan.expects());
        } catch (VolumeConflictException e) {
            throw stale(who, s, target.snapshot().commitId(), List.of(e.path()));
        }
        Promotion q = p.with(Promotion.MERGED, List.of(approved, event("merged", who, null, commit.id())), commit.id(), null);
        return records.write(s, q, author, subject(q, "approved by " + who.userId() + ", merged into " + p.target()
                + " as " + commit.shortId())).promotion();
    }

    private PromotionStaleException stale(Principal who, Stored s, String targetHead, List<String> changed) {
        Promotion p = s.promotion();
        String why = p.target() + " changed since the request was opened: " + String.join(", ", changed);
        Promotion q = p.with(Promotion.STALE, event("stale", who, why, targetHead));
        Stored written = records.write(s, q, Author.user(who.userId()), subject(q, "stale, found by " + who.userId()) + "\n\n" + why);
        return new PromotionStaleException("promotion " + p.id() + " is stale: " + why
                + "; nothing was merged. See its diff, and open a new request", written.promotion());
    }

    /**
     * A crash between the target commit and the record's commit leaves a merge (or revert) that
     * the record does not know; the target commit's trailer is the truth, so record it now.
     */
    private Stored reconcile(Stored s, boolean reverts) {
        Promotion p = s.promotion();
        boolean merge = Promotion.OPEN.equals(p.status());
        if (!merge && !(reverts && Promotion.MERGED.equals(p.status()) && p.mergeCommit() != null)) {
            return s;
        }
        String key = merge ? Trailers.PROMOTION : Trailers.REVERTS;
        Optional<CommitInfo> found = store.find(VolumeId.parse(p.target()))
                .flatMap(t -> Trailers.find(t, p.files(), key, p.id()));
        if (found.isEmpty()) {
            return s;
        }
        CommitInfo c = found.get();
        return records.locked(p.id(), () -> {
            Stored again = records.require(p.id());
            if (!again.promotion().status().equals(p.status())) {
                return again; // recorded meanwhile, by the approval that made the commit
            }
            String by = Trailers.parse(c.message()).getOrDefault(merge ? Trailers.APPROVED_BY : Trailers.REVERTED_BY, c.author());
            String note = "recorded afterwards from " + p.target() + " commit " + c.shortId();
            Promotion q = merge
                    ? again.promotion().with(Promotion.MERGED, List.of(new Event("approved", by, null, c.time(), null),
                            new Event("merged", by, note, c.time(), c.id())), c.id(), null)
                    : again.promotion().with(Promotion.REVERTED, List.of(new Event("reverted", by, note, c.time(), c.id())),
                            p.mergeCommit(), c.id());
            return records.write(again, q, Author.LLMOS, subject(q, (merge ? "merged" : "reverted") + " (" + note + ", by " + by + ")"));
        });
    }

    /** The request, if the caller may see it; otherwise it does not exist for them. */
    private Stored visible(Principal who, String id) {
        Stored s = records.find(Texts.id(id)).orElseThrow(() -> new PromotionNotFoundException(id));
        if (!canSee(who, s.promotion())) {
            throw new NotVisibleException("promotion " + id);
        }
        return s;
    }

    /**
     * Its author, whoever reads the source, the target's reviewers, and, for a team target, the
     * team's members: like a pull request in the team's repository, the team sees what is proposed
     * to it and may discuss it. A request into system is not shown to every user, only to admins.
     */
    private boolean canSee(Principal who, Promotion p) {
        VolumeId target = VolumeId.parse(p.target());
        return (who.userId() != null && who.userId().equals(p.author()))
                || access.canRead(who, VolumeId.parse(p.source()))
                || (target.kind() == VolumeId.Kind.TEAM && access.canRead(who, target))
                || access.canReview(who, target);
    }

    /** For decisions: those who can see the request learn why they may not decide (403); others get 404. */
    private Stored reviewable(Principal who, String id, String action) {
        Stored s = records.find(Texts.id(id)).orElseThrow(() -> new PromotionNotFoundException(id));
        VolumeId target = VolumeId.parse(s.promotion().target());
        if (!canSee(who, s.promotion())) {
            throw new NotVisibleException("promotion " + id);
        }
        access.requireScope(who, Scope.WRITE);
        if (!access.canReview(who, target)) {
            throw new AccessDeniedException(who.describe() + " may not " + action + " promotions into " + target + ": "
                    + (target.kind() == VolumeId.Kind.TEAM ? "the team's maintainers review them" : "system admins review them"));
        }
        return s;
    }

    private static void requirePending(Promotion p, String becoming) {
        if (!p.pending()) {
            throw new PromotionStateException("promotion " + p.id() + " is " + p.status() + "; only an open or stale request can be "
                    + becoming);
        }
    }

    private static VolumeId defaultTarget(Principal who, VolumeId source) {
        if (source.kind() == VolumeId.Kind.TEAM) {
            return VolumeId.SYSTEM;
        }
        if (who.teamId() == null) {
            throw new InvalidPromotionException("to", "is required: the caller acts for no team");
        }
        return VolumeId.team(who.teamId());
    }

    private Event event(String kind, Principal who, String text, String commit) {
        return new Event(kind, who.userId(), text, now(), commit);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String subject(Promotion p, String what) {
        return "Promotion " + p.id() + ": " + what;
    }

    private static final Comparator<Promotion> NEWEST_FIRST =
            Comparator.comparing(Promotion::opened).thenComparing(Promotion::id).reversed();
}
