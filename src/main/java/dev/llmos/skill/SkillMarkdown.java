package dev.llmos.skill;

import java.util.LinkedHashMap;
import java.util.Map;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** Writes a {@link Skill} back to the text of its file, in its own format. */
public final class SkillMarkdown {

    // The YAML 1.2 core schema decides what needs quotes, so text such as True, ~ or 0x1F stays text for
    // every reader (JavaScript's yaml and most Agent Skills hosts read with it), not only for SnakeYAML.
    private static final DumpSettings YAML = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK)
            .setWidth(10_000).setSplitLines(false).setIndent(2).setSchema(new CoreSchema()).build();
    private static final DumpSettings FLOW = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.FLOW)
            .setWidth(10_000).setSplitLines(false).setSchema(new CoreSchema()).build();

    private SkillMarkdown() {
    }

    /** The main file's text: {@code skills/{id}.md} for seed skills, {@code SKILL.md} otherwise. */
    public static String render(Skill skill) {
        String yaml;
        if (skill.format() == SkillFormat.SEED) {
            // The seed writes keywords as a flow list: keywords: [python, testing]
            yaml = new Dump(YAML).dumpToString(seed(skill)) + "keywords: " + new Dump(FLOW).dumpToString(skill.keywords());
        } else {
            yaml = new Dump(YAML).dumpToString(agentSkill(skill));
        }
        String body = skill.body().isEmpty() || skill.body().endsWith("\n") ? skill.body() : skill.body() + "\n";
        return "---\n" + yaml + "---\n\n" + body;
    }

    /** The path of the main file inside a volume. */
    public static String pathOf(Skill skill) {
        return skill.format() == SkillFormat.SEED ? "skills/" + skill.id() + ".md" : "skills/" + skill.id() + "/SKILL.md";
    }

    private static Map<String, Object> seed(Skill skill) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("name", skill.name());
        fm.put("category", skill.category());
        fm.put("description", skill.description() == null ? "" : skill.description());
        return fm;
    }

    /** Spec fields only; everything LLMos knows beyond them travels in the string map {@code metadata}. */
    static Map<String, Object> agentSkill(Skill skill) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("name", skill.id());
        fm.put("description", skill.description() == null ? "" : skill.description());
        if (skill.license() != null && !skill.license().isBlank()) {
            fm.put("license", skill.license());
        }
        if (skill.compatibility() != null && !skill.compatibility().isBlank()) {
            fm.put("compatibility", skill.compatibility());
        }
        if (!skill.allowedTools().isEmpty()) {
            // Space-delimited per the spec; a tool name with a space in it (Copilot's 'Microsoft Docs')
            // needs commas, which the parser also reads.
            boolean spaced = skill.allowedTools().stream().anyMatch(t -> t.chars().anyMatch(Character::isWhitespace));
            fm.put("allowed-tools", String.join(spaced ? ", " : " ", skill.allowedTools()));
        }
        Map<String, String> metadata = new LinkedHashMap<>(skill.metadata());
        if (skill.name() != null && !skill.name().equals(skill.id())) {
            metadata.put("title", skill.name());
        } else {
            metadata.remove("title");
        }
        if (!"general".equals(skill.category())) {
            metadata.put("category", skill.category());
        } else {
            metadata.remove("category");
        }
        putOrRemove(metadata, "keywords", String.join(", ", skill.keywords()));
        putOrRemove(metadata, "globs", String.join(", ", skill.globs()));
        putOrRemove(metadata, "always-apply", skill.alwaysOn() ? "true" : "");
        if (!metadata.isEmpty()) {
            fm.put("metadata", metadata);
        }
        return fm;
    }

    private static void putOrRemove(Map<String, String> map, String key, String value) {
        if (value.isEmpty()) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }
}
