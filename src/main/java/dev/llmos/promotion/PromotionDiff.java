package dev.llmos.promotion;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.llmos.volume.FileDiff;

/**
 * What a promotion changes, as unified diffs of the skill's (or agent's) files.
 *
 * @param kind         {@code skill} or {@code agent}; {@code skillId} or {@code agent} names it
 * @param targetCommit the target head the diffs were computed against (null when the target has no volume yet)
 * @param changes      for a pending or closed request: the target as it is now, to the proposed content
 *                     (what approving would write); for a merged or reverted one: what the merge commit changed
 * @param targetChanged the target's files of the skill differ from the request's base: approving would
 *                     find the request stale
 * @param theirs       when the target changed: base to target-now (what others did since the request was opened)
 * @param ours         when the target changed: base to proposed (what the request proposes)
 * @param conflicts    when the target changed: paths both sides changed, differently
 */
public record PromotionDiff(String id, String status, String kind,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String skillId,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String agent, String source, String sourceCommit,
                            String target, String targetCommit, List<FileDiff> changes, boolean targetChanged,
                            List<FileDiff> theirs, List<FileDiff> ours, List<String> conflicts) {

    public PromotionDiff {
        changes = List.copyOf(changes);
        theirs = List.copyOf(theirs);
        ours = List.copyOf(ours);
        conflicts = List.copyOf(conflicts);
    }
}
