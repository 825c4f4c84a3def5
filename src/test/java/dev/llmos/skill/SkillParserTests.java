package dev.llmos.skill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading stored skills: the seed format and Agent Skills, with problems pinned to file, field and line. */
class SkillParserTests {

    private static SkillProblem onlyError(SkillParser.Result r) {
        assertThat(r.errors()).as("errors of %s", r.problems()).hasSize(1);
        return r.errors().get(0);
    }

    /** A SKILL.md whose name sits on line 3, so a wrong line number cannot pass by accident. */
    private static String skillMd(String name) {
        return "---\ndescription: Does a thing; use when a thing is needed.\nname: " + name + "\n---\n# Body\n";
    }

    // ---- seed format ----

    @Test
    void parsesTheSeedExample() {
        SkillParser.Result r = SkillParser.parseStored("skills/python-testing.md", FrontMatterTests.SEED);

        assertThat(r.ok()).as(r.problems().toString()).isTrue();
        assertThat(r.problems()).isEmpty();
        Skill s = r.skill();
        assertThat(s.id()).isEqualTo("python-testing");
        assertThat(s.name()).isEqualTo("Python Testing");
        assertThat(s.category()).isEqualTo("coding");
        assertThat(s.keywords()).containsExactly("python", "testing", "pytest");
        assertThat(s.description()).isEqualTo("How to write and run Python tests with pytest; use when adding or fixing tests.");
        assertThat(s.format()).isEqualTo(SkillFormat.SEED);
        assertThat(s.path()).isEqualTo("skills/python-testing.md");
        assertThat(s.body()).startsWith("# Python Testing\n");
        assertThat(s.alwaysOn()).isFalse();
        assertThat(s.globs()).isEmpty();
    }

    @Test
    void seedKeywordsMayAlsoBeACommaSeparatedString() {
        String text = "---\nname: X\ndescription: d\nkeywords: a, b ,c\n---\n";

        assertThat(SkillParser.parseStored("skills/x.md", text).skill().keywords()).containsExactly("a", "b", "c");
    }

    @Test
    void aSeedFileNameThatIsNotAValidIdIsAFatalError() {
        SkillParser.Result r = SkillParser.parseStored("skills/Python_Testing.md", FrontMatterTests.SEED);

        assertThat(r.ok()).isFalse();
        assertThat(r.skill()).isNull();
        SkillProblem p = onlyError(r);
        assertThat(p.file()).isEqualTo("skills/Python_Testing.md");
        assertThat(p.field()).isEqualTo("id");
        assertThat(p.message()).contains("Python_Testing");
    }

    @Test
    void aSeedWithoutFrontMatterIsAFatalError() {
        SkillParser.Result r = SkillParser.parseStored("skills/plain.md", "# Just Markdown\n");

        assertThat(r.skill()).isNull();
        assertThat(r.errors()).extracting(SkillProblem::field).contains("front matter");
        assertThat(r.errors()).filteredOn(p -> "front matter".equals(p.field())).singleElement()
                .extracting(SkillProblem::line).isEqualTo(1);
    }

    @Test
    void aSeedWithoutANameIsAnErrorAndWithoutADescriptionAWarningWithADerivedOne() {
        String text = "---\ncategory: coding\n---\n# Heading\n\nFirst real sentence of the body.\n";

        SkillParser.Result r = SkillParser.parseStored("skills/nameless.md", text);

        assertThat(r.ok()).isFalse();
        assertThat(onlyError(r).field()).isEqualTo("name");
        assertThat(r.problems()).filteredOn(p -> "description".equals(p.field())).singleElement()
                .satisfies(p -> assertThat(p.severity()).isEqualTo(SkillProblem.Severity.WARNING));
        assertThat(r.skill().description()).isEqualTo("Heading: First real sentence of the body.");
    }

    @Test
    void aFieldTheSeedFormatDoesNotKnowIsAWarningOnItsLine() {
        String text = "---\nname: X\ndescription: d\nlicense: MIT\n---\n";

        SkillParser.Result r = SkillParser.parseStored("skills/x.md", text);

        assertThat(r.ok()).isTrue();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("license");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.severity()).isEqualTo(SkillProblem.Severity.WARNING);
        });
    }

    // ---- Agent Skills ----

    @Test
    void parsesAFullAgentSkill() {
        String text = """
                ---
                name: pdf-tools
                description: Extract text and tables from PDF files; use when the user mentions PDFs.
                license: Apache-2.0
                compatibility: Requires Python 3.10+ and pdfplumber.
                allowed-tools: Bash(python:*) Read
                metadata:
                  author: example-org
                  version: 1.10
                  title: PDF Tools
                  category: documents
                  keywords: pdf, tables
                  globs: "**/*.pdf, docs/**/*.{pdf,PDF}"
                  always-apply: "true"
                ---
                # PDF Tools
                """;

        SkillParser.Result r = SkillParser.parseStored("skills/pdf-tools/SKILL.md", text);

        assertThat(r.ok()).as(r.problems().toString()).isTrue();
        assertThat(r.problems()).isEmpty();
        Skill s = r.skill();
        assertThat(s.id()).isEqualTo("pdf-tools");
        assertThat(s.format()).isEqualTo(SkillFormat.AGENT_SKILL);
        assertThat(s.name()).isEqualTo("PDF Tools");
        assertThat(s.license()).isEqualTo("Apache-2.0");
        assertThat(s.compatibility()).isEqualTo("Requires Python 3.10+ and pdfplumber.");
        assertThat(s.allowedTools()).containsExactly("Bash(python:*)", "Read");
        assertThat(s.metadata()).containsEntry("author", "example-org").containsEntry("version", "1.10");
        assertThat(s.category()).isEqualTo("documents");
        assertThat(s.keywords()).containsExactly("pdf", "tables");
        assertThat(s.globs()).containsExactly("**/*.pdf", "docs/**/*.{pdf,PDF}");
        assertThat(s.alwaysOn()).isTrue();
        assertThat(s.body()).isEqualTo("# PDF Tools\n");
        assertThat(s.path()).isEqualTo("skills/pdf-tools/SKILL.md");
    }

    @Test
    void aMinimalAgentSkillDefaultsTheRest() {
        SkillParser.Result r = SkillParser.parseStored("skills/tiny/SKILL.md", "---\nname: tiny\ndescription: d\n---\n");

        assertThat(r.ok()).isTrue();
        Skill s = r.skill();
        assertThat(s.name()).isEqualTo("tiny");
        assertThat(s.category()).isEqualTo("general");
        assertThat(s.license()).isNull();
        assertThat(s.compatibility()).isNull();
        assertThat(s.allowedTools()).isEmpty();
        assertThat(s.metadata()).isEmpty();
        assertThat(s.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad_Name", "UPPER", "-leading", "trailing-", "double--hyphen", "has space", "ünïcode",
            "a23456789-123456789-123456789-123456789-123456789-123456789-12345"})
    void anInvalidNameIsAnErrorNamingTheFileFieldAndLine(String name) {
        String file = "skills/" + name + "/SKILL.md";

        SkillParser.Result r = SkillParser.parseAgentSkill(file, name, skillMd(name));

        assertThat(r.ok()).isFalse();
        SkillProblem p = onlyError(r);
        assertThat(p.file()).isEqualTo(file);
        assertThat(p.field()).isEqualTo("name");
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).contains("a-z, 0-9 and hyphens");
        assertThat(r.skill()).as("a bad name is reported, not fatal").isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "pdf", "web-artifacts-builder", "v2", "0-9",
            "a23456789-123456789-123456789-123456789-123456789-123456789-1234"})
    void aValidNameThatEqualsItsFolderHasNoProblems(String name) {
        SkillParser.Result r = SkillParser.parseStored("skills/" + name + "/SKILL.md", skillMd(name));

        assertThat(r.ok()).isTrue();
        assertThat(r.problems()).isEmpty();
        assertThat(r.skill().id()).isEqualTo(name);
    }

    @Test
    void theNameMustEqualTheFolderName() {
        SkillParser.Result r = SkillParser.parseStored("skills/pdf/SKILL.md", skillMd("pdf-tools"));

        SkillProblem p = onlyError(r);
        assertThat(p.file()).isEqualTo("skills/pdf/SKILL.md");
        assertThat(p.field()).isEqualTo("name");
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).contains("'pdf-tools'").contains("folder name 'pdf'");
        assertThat(r.skill().id()).as("the folder is the id").isEqualTo("pdf");
    }

    @Test
    void aMissingOrEmptyNameIsRequired() {
        SkillParser.Result missing = SkillParser.parseStored("skills/x/SKILL.md", "---\ndescription: d\n---\n");
        SkillParser.Result empty = SkillParser.parseStored("skills/x/SKILL.md", "---\ndescription: d\nname: ''\n---\n");

        assertThat(onlyError(missing).field()).isEqualTo("name");
        assertThat(onlyError(missing).message()).isEqualTo("is required");
        assertThat(onlyError(empty).line()).isEqualTo(3);
        assertThat(onlyError(empty).message()).isEqualTo("is required");
    }

    @Test
    void aNameThatIsAMappingIsAnError() {
        SkillParser.Result r = SkillParser.parseStored("skills/x/SKILL.md", "---\ndescription: d\nname:\n  first: x\n---\n");

        assertThat(r.errors()).extracting(SkillProblem::field).containsOnly("name");
        assertThat(r.errors()).extracting(SkillProblem::message).contains("must be text, not a mapping");
        assertThat(r.errors()).extracting(SkillProblem::line).containsOnly(3);
    }

    @Test
    void theDescriptionIsRequired() {
        SkillParser.Result r = SkillParser.parseStored("skills/x/SKILL.md", "---\nname: x\ndescription: '  '\n---\n");

        SkillProblem p = onlyError(r);
        assertThat(p.field()).isEqualTo("description");
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).isEqualTo("is required");
    }

    @Test
    void theDescriptionMayHave1024CharactersButNotMore() {
        String ok = "---\nname: x\nlicense: MIT\ndescription: " + "d".repeat(1024) + "\n---\n";
        String tooLong = "---\nname: x\nlicense: MIT\ndescription: " + "d".repeat(1025) + "\n---\n";

        assertThat(SkillParser.parseStored("skills/x/SKILL.md", ok).problems()).isEmpty();
        SkillProblem p = onlyError(SkillParser.parseStored("skills/x/SKILL.md", tooLong));
        assertThat(p.file()).isEqualTo("skills/x/SKILL.md");
        assertThat(p.field()).isEqualTo("description");
        assertThat(p.line()).isEqualTo(4);
        assertThat(p.message()).contains("1025").contains("1024");
    }

    @Test
    void compatibilityMayHave500CharactersButNotMore() {
        String ok = "---\nname: x\ndescription: d\n\ncompatibility: " + "c".repeat(500) + "\n---\n";
        String tooLong = "---\nname: x\ndescription: d\n\ncompatibility: " + "c".repeat(501) + "\n---\n";

        assertThat(SkillParser.parseStored("skills/x/SKILL.md", ok).problems()).isEmpty();
        SkillProblem p = onlyError(SkillParser.parseStored("skills/x/SKILL.md", tooLong));
        assertThat(p.field()).isEqualTo("compatibility");
        assertThat(p.line()).isEqualTo(5);
        assertThat(p.message()).contains("501").contains("500");
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata: just text", "metadata: [a, b]"})
    void metadataMustBeAMapping(String line) {
        SkillParser.Result r = SkillParser.parseStored("skills/x/SKILL.md", "---\nname: x\ndescription: d\n" + line + "\n---\n");

        SkillProblem p = onlyError(r);
        assertThat(p.file()).isEqualTo("skills/x/SKILL.md");
        assertThat(p.field()).isEqualTo("metadata");
        assertThat(p.line()).isEqualTo(4);
        assertThat(p.message()).contains("mapping");
    }

    @Test
    void metadataValuesAreTextAndANestedOneIsAWarningOnItsOwnLine() {
        String text = """
                ---
                name: x
                description: d
                metadata:
                  version: 2.0
                  enabled: true
                  requires:
                    bins: [uv]
                ---
                """;

        SkillParser.Result r = SkillParser.parseStored("skills/x/SKILL.md", text);

        assertThat(r.ok()).isTrue();
        assertThat(r.skill().metadata()).containsEntry("version", "2.0").containsEntry("enabled", "true")
                .containsEntry("requires", "{bins: [uv]}");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(SkillProblem.Severity.WARNING);
            assertThat(p.field()).isEqualTo("metadata.requires");
            assertThat(p.line()).isEqualTo(7);
        });
    }

    @Test
    void aTopLevelFieldOutsideTheSpecIsAWarningOnItsLine() {
        SkillParser.Result r = SkillParser.parseStored("skills/x/SKILL.md", "---\nname: x\ndescription: d\nauthor: me\n---\n");

        assertThat(r.ok()).isTrue();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("author");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("metadata");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Read Grep Glob               | Read;Grep;Glob",
            "Bash, Write, Read            | Bash;Write;Read",
            "Bash(git status:*) Read      | Bash(git status:*);Read",
            "'Microsoft Docs, search'     | Microsoft Docs;search"})
    void allowedToolsAreSpaceOrCommaSeparated(String value, String expected) {
        String text = "---\nname: x\ndescription: d\nallowed-tools: " + value + "\n---\n";

        assertThat(SkillParser.parseStored("skills/x/SKILL.md", text).skill().allowedTools())
                .containsExactly(expected.split(";"));
    }

    @Test
    void allowedToolsMayBeAYamlList() {
        String text = "---\nname: x\ndescription: d\nallowed-tools:\n  - Read\n  - Grep\n---\n";

        assertThat(SkillParser.parseStored("skills/x/SKILL.md", text).skill().allowedTools()).containsExactly("Read", "Grep");
    }

    @Test
    void malformedYamlInASkillIsReadLeniently() {
        String text = "---\nname: ts\ndescription: TypeScript help\nmetadata:\n  globs: **/*.ts\n---\nbody\n";

        SkillParser.Result r = SkillParser.parseStored("skills/ts/SKILL.md", text);

        assertThat(r.ok()).isTrue();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(SkillProblem.Severity.WARNING);
            assertThat(p.line()).isEqualTo(5);
        });
        assertThat(r.skill().globs()).containsExactly("**/*.ts");
    }

    @Test
    void anUnclosedBlockInASkillIsFatal() {
        SkillParser.Result r = SkillParser.parseStored("skills/x/SKILL.md", "---\nname: x\ndescription: d\n# Body\n");

        assertThat(r.skill()).isNull();
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).filteredOn(p -> "front matter".equals(p.field())).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(1));
    }

    @Test
    void aSkillWithCrlfAndABomParses() {
        String text = "\uFEFF---\r\nname: win\r\ndescription: Windows line ends\r\n---\r\n# Win\r\n";

        SkillParser.Result r = SkillParser.parseStored("skills/win/SKILL.md", text);

        assertThat(r.ok()).isTrue();
        assertThat(r.problems()).isEmpty();
        assertThat(r.skill().description()).isEqualTo("Windows line ends");
        assertThat(r.skill().body()).isEqualTo("# Win\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"traces/x.md", "skills/x.txt", "skills/a/README.md", "skills/a/b/SKILL.md", "skills//SKILL.md",
            "templates/x.md"})
    void pathsThatAreNotSkillsAreNotParsed(String path) {
        assertThat(SkillParser.parseStored(path, FrontMatterTests.SEED)).isNull();
    }

    // ---- ids ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Python Testing                 | python-testing",
            "  --Hello,  World!!--          | hello-world",
            "CSharpExpert                   | csharpexpert",
            "4.1-Beast                      | 4-1-beast",
            "python--typescript-guide       | python-typescript-guide",
            "Café Crème Brûlée              | cafe-creme-brulee",
            "日本語                          | skill",
            "'   '                          | skill"})
    void toIdNormalizesAnyText(String text, String id) {
        assertThat(SkillParser.toId(text)).isEqualTo(id);
        assertThat(SkillParser.isValidId(SkillParser.toId(text))).isTrue();
    }

    @Test
    void toIdCutsLongTextTo64CharactersWithoutATrailingHyphen() {
        String id = SkillParser.toId("word ".repeat(12) + "abcdefghij");

        assertThat(id).hasSizeLessThanOrEqualTo(64).doesNotEndWith("-").startsWith("word-word-");
        assertThat(SkillParser.isValidId(id)).isTrue();
        assertThat(SkillParser.toId("x".repeat(63) + "-yz")).isEqualTo("x".repeat(63));
    }

    @Test
    void isValidIdFollowsTheAgentSkillsNameRule() {
        assertThat(List.of("a", "abc-123", "x".repeat(64))).allMatch(SkillParser::isValidId);
        assertThat(java.util.Arrays.asList(null, "", "A", "-a", "a-", "a--b", "a_b", "a.b", "x".repeat(65)))
                .noneMatch(SkillParser::isValidId);
    }

    @Test
    void splitListKeepsBracesTogether() {
        assertThat(SkillParser.splitList("**/*.{ts,tsx}, src/**/*.js ,Makefile", ","))
                .containsExactly("**/*.{ts,tsx}", "src/**/*.js", "Makefile");
        assertThat(SkillParser.splitList("a{b, c", ",")).as("unbalanced text splits plainly").containsExactly("a{b", "c");
        assertThat(SkillParser.splitList(" ", ",")).isEmpty();
        assertThat(SkillParser.splitList(null, ",")).isEmpty();
    }

    @Test
    void problemsPrintAsFileLineSeverityFieldMessage() {
        assertThat(SkillProblem.error("skills/x/SKILL.md", "name", 3, "is required"))
                .hasToString("skills/x/SKILL.md:3: error: name: is required");
        assertThat(SkillProblem.warning("a.md", null, 0, "odd")).hasToString("a.md: warning: odd");
        assertThat(SkillProblem.error("f", "k", 1, "m").isError()).isTrue();
        assertThat(SkillProblem.warning("f", "k", 1, "m").isError()).isFalse();
    }
}
