package dev.llmos.skill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import edge cases on small hand-made trees; {@link CorporaImportTests} covers the real files. */
class SkillImporterTests {

    @TempDir
    Path root;

    private Path write(String rel, String text) throws IOException {
        return write(rel, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String rel, byte[] bytes) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    private static SkillImporter.Imported only(SkillImporter.Report report) {
        assertThat(report.failures()).isEmpty();
        assertThat(report.skills()).hasSize(1);
        return report.skills().get(0);
    }

    @Test
    void referenceFilesOfASkillFolderComeWithItAndAreNotImportedOnTheirOwn() throws IOException {
        write("skills/pdf/SKILL.md", "---\nname: pdf\ndescription: PDF help\n---\n# PDF\n");
        write("skills/pdf/docs/extract.prompt.md", "---\ndescription: not a skill of its own\n---\n");
        write("skills/pdf/LICENSE.txt", "MIT");
        write("skills/pdf/.secret", "hidden");
        write("prompts/review.prompt.md", "---\ndescription: Review code\n---\n");

        SkillImporter.Report report = new SkillImporter(Set.of()).scan(root);

        assertThat(report.failures()).isEmpty();
        assertThat(report.counts()).isEqualTo(Map.of(SkillFormat.AGENT_SKILL, 1, SkillFormat.COPILOT_PROMPT, 1));
        SkillImporter.Imported pdf = report.skills().stream().filter(i -> i.source() == SkillFormat.AGENT_SKILL)
                .findFirst().orElseThrow();
        assertThat(pdf.skill().files()).containsExactly("LICENSE.txt", "docs/extract.prompt.md");
        assertThat(new String(pdf.files().get("LICENSE.txt"), StandardCharsets.UTF_8)).isEqualTo("MIT");
        assertThat(pdf.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("files");
            assertThat(p.message()).contains(".secret");
        });
    }

    @Test
    void gitFoldersAreNeverScanned() throws IOException {
        write(".git/rules/old.mdc", "---\ndescription: in git internals\n---\n");
        write("rules/new.mdc", "---\ndescription: real\n---\n");

        SkillImporter.Imported i = only(new SkillImporter(Set.of()).scan(root));

        assertThat(i.sourcePath()).isEqualTo("rules/new.mdc");
    }

    @Test
    void aSkillMdAtTheImportRootWithoutANameStillImports() throws IOException {
        write("SKILL.md", "---\ndescription: Root skill\n---\nbody\n");

        SkillImporter.Imported i = only(new SkillImporter(Set.of()).scan(root));

        assertThat(i.skill().id()).isEqualTo("skill");
        assertThat(i.skill().description()).isEqualTo("Root skill");
        assertThat(i.sourcePath()).isEqualTo("SKILL.md");
    }

    @Test
    void aSkillMdAtTheImportRootTakesItsIdFromItsName() {
        SkillImporter.Imported i = new SkillImporter(Set.of()).convert("SKILL.md", SkillFormat.AGENT_SKILL,
                "---\nname: Root Helper\ndescription: d\n---\n", Map.of());

        assertThat(i.skill().id()).isEqualTo("root-helper");
    }

    @Test
    void existingIdsAreNeverReused() {
        SkillImporter importer = new SkillImporter(Set.of("python", "rules-python"));

        String inFolder = importer.convert("rules/python.mdc", SkillFormat.CURSOR_MDC, "x", Map.of()).skill().id();
        String atRoot = importer.convert("python.mdc", SkillFormat.CURSOR_MDC, "x", Map.of()).skill().id();
        String again = importer.convert("python.mdc", SkillFormat.CURSOR_MDC, "x", Map.of()).skill().id();

        assertThat(inFolder).isEqualTo("rules-python-2");
        assertThat(atRoot).isEqualTo("python-2");
        assertThat(again).isEqualTo("python-3");
    }

    @Test
    void aSuffixedIdStaysWithin64Characters() {
        String long64 = "a".repeat(64);
        SkillImporter importer = new SkillImporter(Set.of(long64));

        String id = importer.convert(long64 + ".mdc", SkillFormat.CURSOR_MDC, "x", Map.of()).skill().id();

        assertThat(id).hasSize(64).endsWith("-2");
        assertThat(SkillParser.isValidId(id)).isTrue();
    }

    @Test
    void anLlmosExportedSkillImportsWhole() throws IOException {
        Skill original = new Skill("pdf-tools", "PDF Tools", "Work with PDFs.", "documents", List.of("pdf", "tables"),
                "# PDF\n", SkillFormat.AGENT_SKILL, true, List.of("**/*.pdf", "**/*.{PDF,Pdf}"), "MIT", "Python 3",
                Map.of("author", "me"), List.of("Read"), List.of(), null, null, null);
        write("pdf-tools/SKILL.md", SkillMarkdown.render(original));

        Skill s = only(new SkillImporter(Set.of()).scan(root)).skill();

        assertThat(s.id()).isEqualTo("pdf-tools");
        assertThat(s.name()).isEqualTo("PDF Tools");
        assertThat(s.category()).isEqualTo("documents");
        assertThat(s.keywords()).containsExactly("pdf", "tables");
        assertThat(s.globs()).containsExactly("**/*.pdf", "**/*.{PDF,Pdf}");
        assertThat(s.alwaysOn()).isTrue();
        assertThat(s.license()).isEqualTo("MIT");
        assertThat(s.compatibility()).isEqualTo("Python 3");
        assertThat(s.allowedTools()).containsExactly("Read");
        assertThat(s.metadata()).containsEntry("author", "me");
        assertThat(SkillMarkdown.render(s)).contains("category: documents").contains("title: PDF Tools");
    }

    @Test
    void textThatIsNotUtf8IsImportedWithAWarning() throws IOException {
        byte[] latin1 = "Utilise le caf\u00e9 pour tout.\n".getBytes(StandardCharsets.ISO_8859_1);
        write("rules/fr/.cursorrules", latin1);

        SkillImporter.Imported i = only(new SkillImporter(Set.of()).scan(root));

        assertThat(i.skill().id()).isEqualTo("fr");
        assertThat(i.skill().description()).startsWith("Utilise le caf").endsWith("pour tout.");
        assertThat(i.problems()).anySatisfy(p -> assertThat(p.message()).contains("not valid UTF-8"));
    }

    @Test
    void aFileOverOneMebibyteIsAFailureNotACrash() throws IOException {
        write("rules/huge.mdc", new byte[1024 * 1024 + 1]);
        write("rules/small.mdc", "---\ndescription: ok\n---\n");

        SkillImporter.Report report = new SkillImporter(Set.of()).scan(root);

        assertThat(report.failures()).singleElement().asString().startsWith("rules/huge.mdc: larger than");
        assertThat(report.skills()).extracting(SkillImporter.Imported::sourcePath).containsExactly("rules/small.mdc");
        assertThat(report.counts()).isEqualTo(Map.of(SkillFormat.CURSOR_MDC, 1));
    }

    @Test
    void sourceFieldsTheTargetDoesNotKnowAreKeptInMetadataAsText() {
        String text = """
                ---
                description: Rules with extras
                globs: ["src/**/*.{ts,tsx}", "*.md"]
                alwaysApply: false
                priority: 2.10
                owners: [ana, bo]
                server:
                  url: https://example.org
                  ports: [80, 443]
                ---
                body
                """;

        Skill s = new SkillImporter(Set.of()).convert("rules/x/extras.mdc", SkillFormat.CURSOR_MDC, text, Map.of()).skill();

        assertThat(s.globs()).containsExactly("src/**/*.{ts,tsx}", "*.md");
        assertThat(s.keywords()).containsExactly("extras", "ts", "tsx", "md");
        assertThat(s.metadata()).containsEntry("priority", "2.10").containsEntry("owners", "ana, bo")
                .containsEntry("server", "{url: 'https://example.org', ports: ['80', '443']}")
                .doesNotContainKeys("globs", "alwaysApply", "description");
    }

    @Test
    void copilotApplyToMayBeAYamlListAndToolsACommaString() {
        String text = "---\ndescription: d\napplyTo:\n  - '**/*.py'\n  - '**/*.pyi'\ntools: 'search, edit'\n---\n";

        Skill s = new SkillImporter(Set.of()).convert("x.instructions.md", SkillFormat.COPILOT_INSTRUCTIONS, text, Map.of())
                .skill();

        assertThat(s.globs()).containsExactly("**/*.py", "**/*.pyi");
        assertThat(s.allowedTools()).containsExactly("search", "edit");
    }

    @Test
    void aDerivedDescriptionSkipsLinesWithoutWords() {
        String body = "{\n}\n| --- | --- |\n# Go Rules\n\nWrite idiomatic Go, always.\n";

        SkillImporter.Imported i = new SkillImporter(Set.of()).convert("rules/go/.cursorrules", SkillFormat.CURSORRULES,
                body, Map.of());

        assertThat(i.skill().description()).isEqualTo("Go Rules: Write idiomatic Go, always.");
        assertThat(i.skill().id()).isEqualTo("go");
    }

    @Test
    void aFileWithNothingToSayGetsAFallbackDescription() {
        SkillImporter.Imported i = new SkillImporter(Set.of()).convert("rules/empty/.cursorrules", SkillFormat.CURSORRULES,
                "\n\n", Map.of());

        assertThat(i.skill().description()).isEqualTo("Imported from rules/empty/.cursorrules");
        assertThat(SkillParser.parseStored("skills/empty/SKILL.md", SkillMarkdown.render(i.skill())).ok()).isTrue();
    }
}
