package dev.llmos.skill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Splitting a Markdown file into front matter and body, strict YAML first and line-by-line second. */
class FrontMatterTests {

    /** The seed's example skill file. */
    static final String SEED = """
            ---
            name: Python Testing
            category: coding
            description: How to write and run Python tests with pytest; use when adding or fixing tests.
            keywords: [python, testing, pytest]
            ---
            # Python Testing

            1. Write the test first.
            """;

    @Test
    void readsTheSeedExampleWithItsFlowListOfKeywords() {
        FrontMatter fm = FrontMatter.parse("skills/python-testing.md", SEED);

        assertThat(fm.present()).isTrue();
        assertThat(fm.problems()).isEmpty();
        assertThat(fm.fields()).containsOnlyKeys("name", "category", "description", "keywords");
        assertThat(fm.fields().get("name")).isEqualTo("Python Testing");
        assertThat(fm.fields().get("category")).isEqualTo("coding");
        assertThat(fm.fields().get("keywords")).isEqualTo(List.of("python", "testing", "pytest"));
        assertThat(fm.body()).isEqualTo("# Python Testing\n\n1. Write the test first.\n");
        assertThat(fm.lineOf("name")).isEqualTo(2);
        assertThat(fm.lineOf("keywords")).isEqualTo(5);
    }

    @Test
    void aFileWithoutFrontMatterIsAllBody() {
        FrontMatter fm = FrontMatter.parse("rules/x/.cursorrules", "You are an expert.\n---\nname: not front matter\n");

        assertThat(fm.present()).isFalse();
        assertThat(fm.fields()).isEmpty();
        assertThat(fm.problems()).isEmpty();
        assertThat(fm.body()).isEqualTo("You are an expert.\n---\nname: not front matter\n");
        assertThat(fm.lineOf("name")).isZero();
    }

    @Test
    void anUnquotedGlobIsNotYamlSoTheLenientReaderTakesOverWithAWarningOnThatLine() {
        String text = "---\ndescription: TypeScript rules\nglobs: **/*.ts\nalwaysApply: false\n---\nUse strict mode.\n";

        FrontMatter fm = FrontMatter.parse("rules/ts.mdc", text);

        assertThat(fm.fields()).containsEntry("description", "TypeScript rules").containsEntry("globs", "**/*.ts")
                .containsEntry("alwaysApply", "false");
        assertThat(fm.body()).isEqualTo("Use strict mode.\n");
        assertThat(fm.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(SkillProblem.Severity.WARNING);
            assertThat(p.file()).isEqualTo("rules/ts.mdc");
            assertThat(p.field()).isEqualTo("front matter");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("not valid YAML").contains("line by line");
            assertThat(p.toString()).startsWith("rules/ts.mdc:3: warning: front matter: ");
        });
    }

    @Test
    void theLenientReaderKeepsListsNestedKeysBlockScalarsAndValuesOnTheNextLine() {
        String text = """
                ---
                globs: **/*.ts, **/*.tsx
                tools:
                  - 'read'
                  - "edit"
                inline: [a, "b, c", '{x,y}']
                metadata:
                  author: someone
                  version: "1.0"
                description: >-
                  Folded over
                  two lines.
                notes: |
                  line one
                  line two
                summary:
                  on the next line
                ---
                body
                """;

        FrontMatter fm = FrontMatter.parse("rules/sloppy.mdc", text);

        assertThat(fm.problems()).singleElement().extracting(SkillProblem::isError).isEqualTo(false);
        Map<String, Object> f = fm.fields();
        assertThat(f.get("globs")).isEqualTo("**/*.ts, **/*.tsx");
        assertThat(f.get("tools")).isEqualTo(List.of("read", "edit"));
        assertThat(f.get("inline")).isEqualTo(List.of("a", "b, c", "{x,y}"));
        assertThat(f.get("metadata")).isEqualTo(Map.of("author", "someone", "version", "1.0"));
        assertThat(f.get("description")).isEqualTo("Folded over two lines.");
        assertThat(f.get("notes")).isEqualTo("line one\nline two");
        assertThat(f.get("summary")).isEqualTo("on the next line");
        assertThat(fm.body()).isEqualTo("body\n");
    }

    @Test
    void anUnclosedBlockIsAnErrorOnLineOne() {
        FrontMatter fm = FrontMatter.parse("skills/x/SKILL.md", "---\nname: x\ndescription: never closed\n\n# Body\n");

        assertThat(fm.present()).isTrue();
        assertThat(fm.fields()).isEmpty();
        assertThat(fm.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.file()).isEqualTo("skills/x/SKILL.md");
            assertThat(p.field()).isEqualTo("front matter");
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).contains("never closed");
        });
    }

    @Test
    void crlfLineEndsAndAByteOrderMarkAreNormalized() {
        String text = "\uFEFF---\r\nname: Windows Skill\r\ncategory: coding\r\n---\r\n# Title\r\nline\r\n";

        FrontMatter fm = FrontMatter.parse("skills/windows-skill.md", text);

        assertThat(fm.present()).isTrue();
        assertThat(fm.problems()).isEmpty();
        assertThat(fm.fields()).containsEntry("name", "Windows Skill").containsEntry("category", "coding");
        assertThat(fm.body()).isEqualTo("# Title\nline\n").doesNotContain("\r");
        assertThat(fm.lineOf("category")).isEqualTo(3);
    }

    @Test
    void oldMacLineEndsAreNormalizedToo() {
        FrontMatter fm = FrontMatter.parse("a.md", "---\rname: x\r---\rbody\r");

        assertThat(fm.fields()).containsEntry("name", "x");
        assertThat(fm.body()).isEqualTo("body\n");
    }

    @Test
    void delimitersWithTrailingSpacesStillCount() {
        FrontMatter fm = FrontMatter.parse("a.md", "---  \nname: x\n--- \nbody\n");

        assertThat(fm.present()).isTrue();
        assertThat(fm.problems()).isEmpty();
        assertThat(fm.fields()).containsEntry("name", "x");
        assertThat(fm.body()).isEqualTo("body\n");
    }

    @Test
    void theYamlDocumentEndMarkerClosesTheBlock() {
        FrontMatter fm = FrontMatter.parse("a.md", "---\nname: x\n...\nbody\n");

        assertThat(fm.problems()).isEmpty();
        assertThat(fm.fields()).containsEntry("name", "x");
        assertThat(fm.body()).isEqualTo("body\n");
    }

    @Test
    void numbersStayTextExactlyAsWrittenWhileBooleansAndNullsAreYaml() {
        String text = "---\nversion: 1.10\nbuild: 010\nsize: 1e3\nalwaysApply: true\nlicense: null\n---\n";

        FrontMatter fm = FrontMatter.parse("a.md", text);

        assertThat(fm.problems()).isEmpty();
        assertThat(fm.fields()).containsEntry("version", "1.10").containsEntry("build", "010")
                .containsEntry("size", "1e3").containsEntry("alwaysApply", Boolean.TRUE).containsEntry("license", null);
    }

    @Test
    void linesAreKnownForTopLevelKeysAndTheirDirectChildren() {
        String text = """
                ---
                name: x
                metadata:
                  author: me
                  deep:
                    author: not-this-one
                  version: "2"
                description: d
                ---
                """;

        FrontMatter fm = FrontMatter.parse("a.md", text);

        assertThat(fm.lineOf("name")).isEqualTo(2);
        assertThat(fm.lineOf("metadata")).isEqualTo(3);
        assertThat(fm.lineOf("metadata.author")).isEqualTo(4);
        assertThat(fm.lineOf("metadata.deep")).isEqualTo(5);
        assertThat(fm.lineOf("metadata.version")).isEqualTo(7);
        assertThat(fm.lineOf("description")).isEqualTo(8);
        assertThat(fm.lineOf("metadata.missing")).as("falls back to the parent's line").isEqualTo(3);
        assertThat(fm.lineOf("missing")).as("present block, unknown key").isEqualTo(1);
    }

    @Test
    void frontMatterThatIsNotAMappingIsReadLineByLineWithAWarning() {
        FrontMatter fm = FrontMatter.parse("a.md", "---\njust a sentence\n---\nbody\n");

        assertThat(fm.fields()).isEmpty();
        assertThat(fm.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(SkillProblem.Severity.WARNING);
            assertThat(p.message()).contains("not a mapping");
        });
    }

    @Test
    void duplicateKeysAreAWarningAndTheLastValueWins() {
        FrontMatter fm = FrontMatter.parse("a.md", "---\nname: first\nname: second\n---\n");

        assertThat(fm.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(SkillProblem.Severity.WARNING);
            assertThat(p.line()).isEqualTo(3);
        });
        assertThat(fm.fields()).containsEntry("name", "second");
        assertThat(fm.lineOf("name")).isEqualTo(2);
    }

    @Test
    void yamlErrorMessagesNeverCarryRawControlCharacters() {
        // 'globs: *' makes SnakeYAML report the NUL that ends its input
        FrontMatter fm = FrontMatter.parse("a.mdc", "---\ndescription: d\nglobs: *\n---\n");

        assertThat(fm.fields()).containsEntry("globs", "*");
        assertThat(fm.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message().chars().noneMatch(Character::isISOControl)).as(p.message()).isTrue();
        });
    }

    @Test
    void anEmptyBlockGivesNoFieldsAndNoProblems() {
        FrontMatter fm = FrontMatter.parse("a.md", "---\n---\n\n\nbody");

        assertThat(fm.present()).isTrue();
        assertThat(fm.fields()).isEmpty();
        assertThat(fm.problems()).isEmpty();
        assertThat(fm.body()).isEqualTo("body");
    }

    @Test
    void aTextAnchorRepeatedByAliasIsRefusedBeforeItGrows() {
        // 30 KB of YAML that SnakeYAML alone would load as 30 MB (it caps aliases to collections only).
        String refs = String.join(", ", java.util.Collections.nCopies(30_000, "*a"));
        FrontMatter fm = FrontMatter.parse("bomb/SKILL.md", "---\nname: bomb\nmetadata: {a: &a \"" + "x".repeat(1000)
                + "\", x: [" + refs + "]}\n---\nBody\n");

        assertThat(fm.fields()).isEmpty();
        assertThat(fm.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.message()).contains("aliases expand it to more than");
        });
        assertThat(fm.body()).isEqualTo("Body\n");
    }

    @Test
    void anAliasInsideItsOwnAnchorIsRefused() {
        FrontMatter fm = FrontMatter.parse("a.md", "---\nname: x\nloop: &a [1, *a]\n---\n");
        assertThat(fm.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("contains it"));
    }

    @Test
    void deepNestingFallsBackToTheLineReaderAndOrdinaryAliasesStillWork() {
        FrontMatter deep = FrontMatter.parse("a.md", "---\nname: x\nm: " + "[".repeat(65) + "]".repeat(65) + "\n---\n");
        assertThat(deep.fields()).containsEntry("name", "x");
        assertThat(deep.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.message()).contains("nested deeper than 64 levels");
        });
        FrontMatter fine = FrontMatter.parse("a.md", "---\nname: &n shared\ntitle: *n\ntags: &t [a, b]\nmore: *t\n---\n");
        assertThat(fine.problems()).isEmpty();
        assertThat(fine.fields()).containsEntry("title", "shared").containsEntry("more", List.of("a", "b"));
    }
}
