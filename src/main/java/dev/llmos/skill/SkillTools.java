package dev.llmos.skill;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The skill tools a model is given, one home for every entry point (chat's {@code load_skill}, agents'
 * {@code load_skill} and {@code search_skills}, the MCP server's tools, prompts, resources and skills
 * extension): what the caller can see, user over team over system by id, and never a draft awaiting
 * review (a lower layer's skill of the same id shows through instead). Answers are text for the model;
 * a refusal is an answer marked as an error, which the model reads and can act on.
 */
public final class SkillTools {

    /** Longest text one tool call returns; a longer skill or file is cut with a note. */
    public static final int MAX_ANSWER_CHARS = 64_000;

    /**
     * What one tool call answers.
     *
     * @param served the skill the answer came from (to record it as used), or null
     */
    public record Answer(String text, boolean error, Skill served) {

        static Answer refusal(String text) {
            return new Answer(text, true, null);
        }
    }

    private final SkillCatalog catalog;
    private final SkillSelector selector;

    public SkillTools(SkillCatalog catalog, SkillSelector selector) {
        this.catalog = catalog;
        this.selector = selector;
    }

    /** Every skill the caller may be given, one per id, drafts and unfilled templates left out ({@link SkillSelector#isOffered}). */
    public List<Skill> servable(String userId, String teamId) {
        java.util.Map<String, Skill> merged = new java.util.LinkedHashMap<>();
        for (var layer : catalog.layers(userId, teamId)) {
            for (Skill s : catalog.in(layer).skills()) {
                if (SkillSelector.isOffered(s)) {
                    merged.putIfAbsent(s.id(), s);
                }
            }
        }
        List<Skill> out = new ArrayList<>(merged.values());
        out.sort(java.util.Comparator.comparing(Skill::id));
        return out;
    }

    /** The skill a model asked for by id (a leading {@code $} is allowed), if the caller may be given it. */
    public Optional<Skill> find(String userId, String teamId, String name) {
        String id = name == null ? "" : name.strip().replaceFirst("^\\$", "");
        if (!SkillParser.isValidId(id)) {
            return Optional.empty();
        }
        for (var layer : catalog.layers(userId, teamId)) {
            Optional<Skill> hit = catalog.findIn(layer, id).filter(SkillSelector::isOffered);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    /** A skill's instructions, or with {@code file} one file of its folder. */
    public Answer load(String userId, String teamId, String name, String file) {
        Optional<Skill> found = find(userId, teamId, name);
        if (found.isEmpty()) {
            return Answer.refusal("no skill named '" + name + "' is available");
        }
        Skill s = found.get();
        if (file == null || file.isBlank()) {
            return new Answer(bounded(instructions(s)), false, s);
        }
        String rel = file.strip();
        if (!s.files().contains(rel)) {
            return Answer.refusal("skill '" + s.id() + "' has no file '" + rel + "'"
                    + (s.files().isEmpty() ? "" : "; it has: " + String.join(", ", s.files())));
        }
        String content = catalog.readFile(s, rel).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        return new Answer(bounded(content), false, s);
    }

    /** The other files of a folder skill, one per line. */
    public Answer files(String userId, String teamId, String name) {
        Optional<Skill> found = find(userId, teamId, name);
        if (found.isEmpty()) {
            return Answer.refusal("no skill named '" + name + "' is available");
        }
        Skill s = found.get();
        return new Answer(s.files().isEmpty() ? "Skill '" + s.id() + "' has no other files." : String.join("\n", s.files()),
                false, s);
    }

    /**
     * One page of the skills the caller may be given, as Agent Skills folders with digests, in id order.
     *
     * @param skills the skills after the one named by the previous page (in id order), at most the limit
     * @param more   whether further skills follow
     */
    public record Page(List<SkillPackage> skills, boolean more) {
    }

    /** The servable skills with ids after {@code afterId} (null: from the first), at most {@code limit}, as folders. */
    public Page packages(String userId, String teamId, String afterId, int limit) {
        List<Skill> rest = servable(userId, teamId).stream().filter(s -> afterId == null || s.id().compareTo(afterId) > 0).toList();
        List<SkillPackage> page = rest.stream().limit(limit).map(s -> SkillPackage.of(s, catalog)).toList();
        return new Page(page, rest.size() > limit);
    }

    /** A skill the caller may be given, by id, as an Agent Skills folder with digests. */
    public Optional<SkillPackage> packageOf(String userId, String teamId, String id) {
        return find(userId, teamId, id).map(s -> SkillPackage.of(s, catalog));
    }

    /** One file of that folder ({@code SKILL.md} as {@link SkillPackage} serves it, or another by relative path). */
    public Optional<byte[]> packageFile(String userId, String teamId, String id, String path) {
        return find(userId, teamId, id).flatMap(s -> SkillPackage.read(s, catalog, path));
    }

    /** The best matches for a task, those a chat would inject first, then further candidates; one line each. */
    public Answer search(String userId, String teamId, String query, int limit, int tokenBudget) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) {
            return Answer.refusal("search_skills needs a 'query'");
        }
        int n = Math.max(1, Math.min(limit, 20));
        Selection found = selector.select(userId, teamId, q, n, tokenBudget);
        List<Skill> hits = new ArrayList<>(found.chosen());
        hits.addAll(found.manifest());
        if (hits.isEmpty()) {
            return new Answer("No skill matches '" + q + "'.", false, null);
        }
        StringBuilder out = new StringBuilder("Skills matching '" + q + "' (load one with load_skill):\n");
        hits.stream().limit(n).forEach(s -> out.append("- ").append(s.id()).append(" (").append(s.volume()).append("): ")
                .append(SkillText.oneLine(s.description(), 200)).append('\n'));
        return new Answer(out.toString(), false, null);
    }

    /** The skill as a model reads it: its name as a heading (unless its body opens with one), then the body. */
    public static String instructions(Skill s) {
        String body = s.body().strip();
        return body.startsWith("# ") ? body : "# " + s.name() + "\n\n" + body;
    }

    private static String bounded(String text) {
        return text.length() > MAX_ANSWER_CHARS ? text.substring(0, MAX_ANSWER_CHARS) + "\n[truncated]" : text;
    }
}
