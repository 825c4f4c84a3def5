package dev.llmos.evolution;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmos.llm.LlmListener;
import dev.llmos.llm.LlmMessage;
import dev.llmos.llm.LlmProvider;
import dev.llmos.llm.LlmRequest;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillParser;
import dev.llmos.trace.Trace;

/**
 * Writes a skill's description and body from a pattern. With a configured model, the model writes
 * it from the group's successful exchanges (the workflow, when to use it, pitfalls, an example);
 * without one, or when the model's reply is not a valid skill, {@link DeterministicDrafts} does,
 * and the result says why.
 */
public final class SkillDrafter {

    /** What the drafter wrote, who wrote it, and why the model's text was not used (null when it was, or no model). */
    record Text(String description, String body, String drafter, String note) {
    }

    static final String DETERMINISTIC = "deterministic";
    private static final int EXCHANGES = 8;
    private static final int MAX_TOKENS = 2_500;
    private static final int MAX_SKILL_CHARS = 60_000;
    private static final Pattern FENCE = Pattern.compile("^```[a-zA-Z]*\\s*\\n(.*)\\n```\\s*$", Pattern.DOTALL);
    private static final Pattern NAME_LINE = Pattern.compile("(?m)^name:.*$");

    private final LlmProvider provider;

    /** @param provider the model; the offline provider means deterministic drafts only */
    public SkillDrafter(LlmProvider provider) {
        this.provider = provider;
    }

    /** {@code deterministic}, or the model that drafts. */
    public String name() {
        return provider.isConfigured() ? provider.defaultModel() : DETERMINISTIC;
    }

    Text draftNew(PatternGroup g, String id, String title) {
        Text fallback = new Text(DeterministicDrafts.description(g), DeterministicDrafts.body(g, title), DETERMINISTIC, null);
        if (!provider.isConfigured()) {
            return fallback;
        }
        String system = "You write Agent Skills: reusable instructions another model follows when a request of this kind "
                + "comes again. Reply with only the SKILL.md file: a YAML front matter block with `name: " + id + "` and "
                + "`description:` (one or two sentences: what the skill does and when to use it), then a Markdown body "
                + "with the sections `## When to use`, `## Workflow`, `## Pitfalls` and `## Example`. Generalise from the "
                + "exchanges; never copy personal data, secrets or one-off details.";
        return ask(system, "Skill id: " + id + "\n" + about(g), fallback, id);
    }

    Text draftUpdate(PatternGroup g, Skill base, String baseText, String runId) {
        Text fallback = new Text(base.description(), DeterministicDrafts.updatedBody(base.body(), g, runId), DETERMINISTIC, null);
        if (!provider.isConfigured()) {
            return fallback;
        }
        String system = "You improve an existing Agent Skill with what recent exchanges that used it taught. Reply with "
                + "only the complete updated SKILL.md: front matter with `name: " + base.id() + "` and `description:`, then "
                + "the body. Keep what is still right; add concrete examples and the pitfalls the failed exchanges show; "
                + "never copy personal data, secrets or one-off details.";
        return ask(system, "The current SKILL.md:\n\n" + baseText + "\n\n" + about(g), fallback, base.id());
    }

    private Text ask(String system, String prompt, Text fallback, String id) {
        String reply;
        String model = provider.defaultModel();
        try {
            var response = provider.stream(new LlmRequest(model, List.of(new LlmRequest.SystemBlock(system, false)),
                    List.of(LlmMessage.user(prompt)), MAX_TOKENS, List.of(), List.of(), null), LlmListener.IGNORE);
            reply = response.text();
            model = response.model() == null ? model : response.model();
        } catch (RuntimeException e) { // LlmException included: any failure means the deterministic draft
            return withNote(fallback, "the model could not be asked (" + DeterministicDrafts.clip(e.getMessage(), 200)
                    + "); used the deterministic draft");
        }
        String text = unfence(reply == null ? "" : reply.strip());
        if (text.length() > MAX_SKILL_CHARS) {
            return withNote(fallback, "the model's reply was too long for a skill; used the deterministic draft");
        }
        // The id is ours: whatever name the model wrote, the file is this skill's.
        Matcher name = NAME_LINE.matcher(text);
        if (text.startsWith("---") && name.find()) {
            text = name.replaceFirst(Matcher.quoteReplacement("name: " + id));
        }
        SkillParser.Result parsed = SkillParser.parseStored(DraftStore.newPath(id), text);
        if (parsed == null || !parsed.ok() || parsed.skill().body().isBlank()) {
            String why = parsed == null || parsed.errors().isEmpty() ? "it has no body"
                    : parsed.errors().get(0).field() + ": " + parsed.errors().get(0).message();
            return withNote(fallback, "the model's reply was not a valid skill (" + DeterministicDrafts.clip(why, 200)
                    + "); used the deterministic draft");
        }
        return new Text(parsed.skill().description(), parsed.skill().body(), model, null);
    }

    private static Text withNote(Text fallback, String note) {
        return new Text(fallback.description(), fallback.body(), DETERMINISTIC, note);
    }

    private static String unfence(String text) {
        Matcher m = FENCE.matcher(text);
        return m.matches() ? m.group(1).strip() : text;
    }

    /** The group as the model sees it: kind, terms, successful exchanges, failed requests. */
    private static String about(PatternGroup g) {
        StringBuilder b = new StringBuilder();
        if (g.kind() != null) {
            b.append("Kind of request: ").append(g.kind()).append('\n');
        }
        b.append("Distinctive terms: ").append(String.join(", ", g.terms())).append('\n')
                .append("Seen ").append(g.count()).append(" times, ").append(DeterministicDrafts.percent(g.successRate()))
                .append(" successful.\n\nSuccessful exchanges:\n");
        List<Trace> good = g.successes();
        for (Trace t : good.subList(Math.max(0, good.size() - EXCHANGES), good.size())) {
            b.append("<exchange>\n<request>").append(DeterministicDrafts.clip(t.request(), 1_500)).append("</request>\n");
            if (DeterministicDrafts.modelAnswered(t)) {
                b.append("<answer>").append(DeterministicDrafts.clip(t.response(), 2_500)).append("</answer>\n");
            }
            b.append("</exchange>\n");
        }
        if (!g.failures().isEmpty()) {
            b.append("\nRequests that went wrong (errors, thumbs down, or asked again):\n");
            g.failures().stream().limit(EXCHANGES).forEach(t -> b.append("- ").append(DeterministicDrafts.clip(t.request(), 300))
                    .append(t.ok() ? "" : " (error: " + DeterministicDrafts.clip(t.error(), 120) + ")").append('\n'));
        }
        return b.toString();
    }
}
