package dev.llmos.skill;

import java.util.List;
import java.util.Map;

/**
 * The skills chosen for one chat message.
 *
 * @param chosen          skills whose full bodies go into the prompt, ordered by id (stable bytes for prompt caching)
 * @param manifest        up to 10 further candidates, best first, never chosen ones: the prompt lists their
 *                        id and description so the model (or the user, with {@code $id}) can ask for them
 * @param reasons         for each chosen id: {@code mentioned}, {@code always-on}, {@code continued} (kept from the
 *                        conversation's previous turn) or {@code retrieved}
 * @param unknownMentions {@code $names} in the message that match no skill the user can see, in order of appearance
 * @param estimatedTokens estimated tokens of the chosen skills' descriptions and bodies ({@link SkillSelector#estimateTokens})
 */
public record Selection(List<Skill> chosen, List<Skill> manifest, Map<String, String> reasons, List<String> unknownMentions,
                        long estimatedTokens) {

    public static final String MENTIONED = "mentioned";
    public static final String ALWAYS_ON = "always-on";
    public static final String RETRIEVED = "retrieved";
    public static final String CONTINUED = "continued";

    public Selection {
        chosen = List.copyOf(chosen);
        manifest = List.copyOf(manifest);
        reasons = Map.copyOf(reasons);
        unknownMentions = List.copyOf(unknownMentions);
    }
}
