package dev.llmos.promotion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A request to copy one skill or agent from a source volume into a target volume, as stored in
 * {@code promotions/{id}.json} of the source volume.
 *
 * @param kind         {@code skill} or {@code agent}; a record without it (written before agents could be
 *                     promoted) is a skill
 * @param skillId      the skill, for {@code kind: skill} (absent for an agent)
 * @param agent        the agent's name, for {@code kind: agent} (absent for a skill): {@code agents/{agent}.md}
 * @param source       the source volume's path ({@code users/alice}, {@code teams/eng})
 * @param sourceCommit the source head when the request was opened: the proposed content is the skill there
 * @param target       the target volume's path ({@code teams/eng}, {@code system})
 * @param base         the target's files of the skill when the request was opened: path to git blob id,
 *                     absent files omitted; approving requires the target to be still like this
 * @param status       {@code open}, {@code stale}, {@code merged}, {@code rejected}, {@code withdrawn} or {@code reverted}
 * @param mergeCommit  the target commit that merged it; null when not merged, or when the target already
 *                     held exactly the proposed content (nothing to commit)
 * @param revertCommit the target commit that reverted the merge, or null
 */
public record Promotion(String id, String kind, @JsonInclude(JsonInclude.Include.NON_NULL) String skillId,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String agent, String source, String sourceCommit, String target,
                        Map<String, String> base, String reason, String author, Instant opened, String status,
                        List<Event> events, String mergeCommit, String revertCommit) {

    public static final String SKILL = "skill";
    public static final String AGENT = "agent";

    public static final String OPEN = "open";
    public static final String STALE = "stale";
    public static final String MERGED = "merged";
    public static final String REJECTED = "rejected";
    public static final String WITHDRAWN = "withdrawn";
    public static final String REVERTED = "reverted";

    /**
     * One entry of the request's log.
     *
     * @param kind   {@code opened}, {@code comment}, {@code approved}, {@code merged}, {@code stale},
     *               {@code rejected}, {@code withdrawn} or {@code reverted}
     * @param commit the commit the event is about: the frozen source commit (opened), the target commit
     *               (merged, reverted) or the target head found changed (stale); else null
     */
    public record Event(String kind, String author, String text, Instant time, String commit) {
    }

    public Promotion {
        kind = kind == null ? SKILL : kind;
        base = base == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(base));
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** The files it moves. */
    FileSet files() {
        return AGENT.equals(kind) ? new FileSet.OfAgent(agent) : new FileSet.OfSkill(skillId);
    }

    /** Still waiting for a decision (a stale request can still be rejected or withdrawn). */
    boolean pending() {
        return OPEN.equals(status) || STALE.equals(status);
    }

    Promotion with(String newStatus, List<Event> added, String newMergeCommit, String newRevertCommit) {
        List<Event> all = new ArrayList<>(events);
        all.addAll(added);
        return new Promotion(id, kind, skillId, agent, source, sourceCommit, target, base, reason, author, opened, newStatus, all,
                newMergeCommit, newRevertCommit);
    }

    Promotion with(String newStatus, Event added) {
        return with(newStatus, List.of(added), mergeCommit, revertCommit);
    }
}
