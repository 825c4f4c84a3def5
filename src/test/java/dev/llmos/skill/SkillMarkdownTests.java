package dev.llmos.skill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Writing skills back to text, and reading that text again without losing anything. */
class SkillMarkdownTests {

    private static Skill seed(String id, String name, String description, String category, List<String> keywords, String body) {
        return new Skill(id, name, description, category, keywords, body, SkillFormat.SEED, false, List.of(), null, null,
                Map.of(), List.of(), List.of(), null, null, null);
    }

    private static Skill agentSkill(String id, String name, String category, List<String> keywords, List<String> globs,
                                    boolean alwaysOn, String license, String compatibility, Map<String, String> metadata,
                                    List<String> allowedTools, String body) {
        return new Skill(id, name, "Does things with " + id + "; use when " + id + " is mentioned.", category, keywords,
                body, SkillFormat.AGENT_SKILL, alwaysOn, globs, license, compatibility, metadata, allowedTools, List.of(),
                null, null, null);
    }

    private static Skill reparse(Skill skill) {
        String text = SkillMarkdown.render(skill);
        SkillParser.Result r = SkillParser.parseStored(SkillMarkdown.pathOf(skill), text);
        assertThat(r).as("parse of\n%s", text).isNotNull();
        assertThat(r.ok()).as("problems %s in\n%s", r.problems(), text).isTrue();
        assertThat(r.problems()).as("problems in\n%s", text).isEmpty();
        return r.skill();
    }

    @Test
    void aSeedSkillRendersTheSeedFormatWithAFlowListOfKeywords() {
        Skill s = seed("python-testing", "Python Testing", "How to test Python code with pytest.", "coding",
                List.of("python", "testing", "pytest"), "# Python Testing\n\n1. Write the test first.\n");

        String text = SkillMarkdown.render(s);

        assertThat(text).isEqualTo("""
                ---
                name: Python Testing
                category: coding
                description: How to test Python code with pytest.
                keywords: [python, testing, pytest]
                ---

                # Python Testing

                1. Write the test first.
                """);
        assertThat(SkillMarkdown.pathOf(s)).isEqualTo("skills/python-testing.md");
    }

    @Test
    void aSeedSkillSurvivesRenderAndParse() {
        Skill s = seed("tricky-seed", "Tricky: \"quoted\" # name", "Line with: colon, and 'quotes'", "coding",
                List.of("c++", "a b", "yes", "1.10"), "Body first line\n\n```yaml\n---\nkey: value\n```\n");

        Skill back = reparse(s);

        assertThat(back.format()).isEqualTo(SkillFormat.SEED);
        assertThat(back.id()).isEqualTo("tricky-seed");
        assertThat(back.name()).isEqualTo(s.name());
        assertThat(back.description()).isEqualTo(s.description());
        assertThat(back.category()).isEqualTo("coding");
        assertThat(back.keywords()).containsExactly("c++", "a b", "yes", "1.10");
        assertThat(back.body()).isEqualTo(s.body());
    }

    @Test
    void aSeedWithoutKeywordsWritesAnEmptyList() {
        Skill s = seed("bare", "Bare", "d", "general", List.of(), "text\n");

        assertThat(SkillMarkdown.render(s)).contains("keywords: []\n");
        assertThat(reparse(s).keywords()).isEmpty();
    }

    @Test
    void anAgentSkillSurvivesRenderAndParseWithEveryField() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("author", "example-org");
        metadata.put("version", "1.10");
        metadata.put("enabled", "true");
        metadata.put("empty", "");
        Skill s = agentSkill("pdf-tools", "PDF Tools", "documents", List.of("pdf", "tables"),
                List.of("**/*.pdf", "docs/**/*.{pdf,PDF}"), true, "Apache-2.0", "Requires Python 3.10+",
                metadata, List.of("Bash(python:*)", "Read"), "# PDF Tools\n\nUse pdfplumber.\n");

        Skill back = reparse(s);

        assertThat(back.format()).isEqualTo(SkillFormat.AGENT_SKILL);
        assertThat(back.id()).isEqualTo("pdf-tools");
        assertThat(back.name()).isEqualTo("PDF Tools");
        assertThat(back.description()).isEqualTo(s.description());
        assertThat(back.category()).isEqualTo("documents");
        assertThat(back.keywords()).containsExactly("pdf", "tables");
        assertThat(back.globs()).containsExactly("**/*.pdf", "docs/**/*.{pdf,PDF}");
        assertThat(back.alwaysOn()).isTrue();
        assertThat(back.license()).isEqualTo("Apache-2.0");
        assertThat(back.compatibility()).isEqualTo("Requires Python 3.10+");
        assertThat(back.allowedTools()).containsExactly("Bash(python:*)", "Read");
        assertThat(back.metadata()).containsAllEntriesOf(metadata);
        assertThat(back.body()).isEqualTo(s.body());
    }

    @Test
    void anAgentSkillKeepsOnlySpecFieldsAtTheTopLevel() {
        Skill s = agentSkill("pdf-tools", "PDF Tools", "documents", List.of("pdf"), List.of("**/*.pdf"), true, "MIT",
                "Python 3", Map.of("author", "me"), List.of("Read", "Grep"), "body\n");

        String text = SkillMarkdown.render(s);
        FrontMatter fm = FrontMatter.parse("skills/pdf-tools/SKILL.md", text);

        assertThat(fm.problems()).isEmpty();
        assertThat(fm.fields()).containsOnlyKeys("name", "description", "license", "compatibility", "allowed-tools", "metadata");
        assertThat(fm.fields().get("name")).isEqualTo("pdf-tools");
        assertThat(fm.fields().get("allowed-tools")).as("space-delimited, as the spec says").isEqualTo("Read Grep");
        assertThat(fm.fields().get("metadata")).isEqualTo(Map.of("author", "me", "title", "PDF Tools",
                "category", "documents", "keywords", "pdf", "globs", "**/*.pdf", "always-apply", "true"));
    }

    @Test
    void aPlainAgentSkillWritesNoMetadataItDoesNotNeed() {
        Skill s = agentSkill("plain", "plain", "general", List.of(), List.of(), false, null, null, Map.of(), List.of(), "b\n");

        String text = SkillMarkdown.render(s);

        assertThat(text).startsWith("---\nname: plain\ndescription: ").doesNotContain("metadata").doesNotContain("license")
                .doesNotContain("allowed-tools").doesNotContain("compatibility");
        Skill back = reparse(s);
        assertThat(back.name()).isEqualTo("plain");
        assertThat(back.category()).isEqualTo("general");
        assertThat(back.metadata()).isEmpty();
        assertThat(back.alwaysOn()).isFalse();
    }

    @Test
    void staleLlmosKeysInMetadataGiveWayToTheSkillsOwnFields() {
        Map<String, String> stale = Map.of("title", "Old Title", "category", "old", "keywords", "old",
                "globs", "*.old", "always-apply", "true", "kept", "yes");
        Skill s = agentSkill("fresh", "fresh", "general", List.of(), List.of(), false, null, null, stale, List.of(), "b\n");

        Skill back = reparse(s);

        assertThat(back.metadata()).containsOnly(Map.entry("kept", "yes"));
        assertThat(back.name()).isEqualTo("fresh");
        assertThat(back.category()).isEqualTo("general");
        assertThat(back.keywords()).isEmpty();
        assertThat(back.globs()).isEmpty();
        assertThat(back.alwaysOn()).isFalse();
    }

    @Test
    void aToolNameWithASpaceSurvivesTheRoundTrip() {
        Skill s = agentSkill("spike", "spike", "general", List.of(), List.of(), false, null, null, Map.of(),
                List.of("search", "Microsoft Docs", "edit/editFiles"), "b\n");

        assertThat(reparse(s).allowedTools()).containsExactly("search", "Microsoft Docs", "edit/editFiles");
    }

    @Test
    void renderingIsStableOverRepeatedRoundTrips() {
        Skill s = agentSkill("stable", "Stable Skill", "coding", List.of("a", "b"), List.of("src/**/*.{ts,tsx}"), true,
                "MIT", "any", Map.of("x", "1"), List.of("Read"), "# Stable\n");

        String once = SkillMarkdown.render(s);
        String twice = SkillMarkdown.render(reparse(s));

        assertThat(twice).isEqualTo(once);
    }

    @Test
    void aBodyWithoutAFinalNewlineGetsOneAndNothingElseChanges() {
        Skill s = agentSkill("nl", "nl", "general", List.of(), List.of(), false, null, null, Map.of(), List.of(),
                "  indented first line\n\n---\nnot front matter");

        assertThat(reparse(s).body()).isEqualTo("  indented first line\n\n---\nnot front matter\n");
    }

    @Test
    void theFileOfAnAgentSkillIsItsFoldersSkillMd() {
        Skill s = agentSkill("web-testing", "web-testing", "general", List.of(), List.of(), false, null, null, Map.of(),
                List.of(), "");

        assertThat(SkillMarkdown.pathOf(s)).isEqualTo("skills/web-testing/SKILL.md");
        assertThat(SkillMarkdown.render(s)).endsWith("---\n\n");
        assertThat(reparse(s).body()).isEmpty();
    }
}
