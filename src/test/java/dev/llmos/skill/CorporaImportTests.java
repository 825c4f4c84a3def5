package dev.llmos.skill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Imports the real skill, rule and instruction files under {@code ../shared/corpora}. Each folder's
 * {@code SOURCE.md} says where its files come from. The corpora are required: when they are
 * missing, these tests fail rather than skip.
 */
class CorporaImportTests {

    static final Path CORPORA = Path.of("..", "shared", "corpora");
    static final String ANTHROPIC = "skills-anthropic";
    static final String COPILOT_SKILLS = "skills-copilot";
    static final String CURSOR = "rules-cursor";
    static final String COPILOT = "instructions-copilot";

    private static final Map<String, SkillImporter.Report> SCANS = new ConcurrentHashMap<>();

    static Path corpus(String name) {
        Path dir = CORPORA.resolve(name);
        assertThat(Files.isDirectory(dir))
                .as("corpus folder %s is missing: expected %s (tests run from the project root)", name,
                        dir.toAbsolutePath().normalize())
                .isTrue();
        return dir;
    }

    static SkillImporter.Report scan(String name) {
        Path dir = corpus(name);
        return SCANS.computeIfAbsent(name, n -> new SkillImporter(Set.of()).scan(dir));
    }

    static SkillImporter.Imported imported(String name, String sourcePath) {
        return scan(name).skills().stream().filter(i -> i.sourcePath().equals(sourcePath)).findFirst()
                .orElseThrow(() -> new AssertionError(sourcePath + " was not imported from " + name));
    }

    /** What the folder holds, counted from file names alone, without SkillFormat or SkillImporter. */
    static Map<SkillFormat, Integer> countOnDisk(Path root) {
        Map<SkillFormat, Integer> counts = new EnumMap<>(SkillFormat.class);
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                Path rel = root.relativize(p);
                if (rel.toString().startsWith(".git/") || rel.toString().contains("/.git/")) {
                    continue;
                }
                String n = p.getFileName().toString();
                SkillFormat format;
                if (n.equals("SKILL.md")) {
                    format = SkillFormat.AGENT_SKILL;
                } else if (inSkillFolder(root, p)) {
                    continue; // a reference file of a skill, imported with it
                } else if (n.equals(".cursorrules")) {
                    format = SkillFormat.CURSORRULES;
                } else if (n.endsWith(".mdc")) {
                    format = SkillFormat.CURSOR_MDC;
                } else if (n.endsWith(".instructions.md") || n.equals("copilot-instructions.md")) {
                    format = SkillFormat.COPILOT_INSTRUCTIONS;
                } else if (n.endsWith(".prompt.md")) {
                    format = SkillFormat.COPILOT_PROMPT;
                } else if (n.endsWith(".agent.md")) {
                    format = SkillFormat.COPILOT_AGENT;
                } else if (n.endsWith(".chatmode.md")) {
                    format = SkillFormat.COPILOT_CHATMODE;
                } else {
                    continue;
                }
                counts.merge(format, 1, Integer::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    private static boolean inSkillFolder(Path root, Path file) {
        for (Path dir = file.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
            if (Files.exists(dir.resolve("SKILL.md"))) {
                return true;
            }
        }
        return false;
    }

    // ---- every file of every corpus ----

    @ParameterizedTest
    @ValueSource(strings = {ANTHROPIC, COPILOT_SKILLS, CURSOR, CURSOR + "/rules", CURSOR + "/rules-new", COPILOT,
            COPILOT + "/instructions"})
    void importsEveryCorpusFileWithoutFailure(String name) {
        SkillImporter.Report report = scan(name);

        assertThat(report.failures()).isEmpty();
        assertThat(report.skills()).isNotEmpty();
        assertThat(report.skills()).allSatisfy(i -> {
            assertThat(i.skill()).isNotNull();
            assertThat(i.problems()).as(i.sourcePath()).noneMatch(SkillProblem::isError);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {ANTHROPIC, COPILOT_SKILLS, CURSOR, CURSOR + "/rules", CURSOR + "/rules-new", COPILOT,
            COPILOT + "/instructions"})
    void countsEachFormatExactlyAsTheFilesOnDisk(String name) {
        Map<SkillFormat, Integer> onDisk = countOnDisk(corpus(name));
        SkillImporter.Report report = scan(name);

        assertThat(report.counts()).isEqualTo(onDisk);
        assertThat(report.skills()).hasSize(onDisk.values().stream().mapToInt(Integer::intValue).sum());
        for (SkillFormat f : onDisk.keySet()) {
            assertThat(report.skills().stream().filter(i -> i.source() == f).count()).as(f.label())
                    .isEqualTo(onDisk.get(f).longValue());
        }
    }

    @Test
    void theCountsMatchWhatEachCorpusSourceNoteDocuments() {
        assertThat(scan(ANTHROPIC).counts()).isEqualTo(Map.of(SkillFormat.AGENT_SKILL, 12));
        assertThat(scan(COPILOT_SKILLS).counts()).isEqualTo(Map.of(SkillFormat.AGENT_SKILL, 101));
        assertThat(scan(CURSOR).counts()).isEqualTo(Map.of(SkillFormat.CURSORRULES, 68, SkillFormat.CURSOR_MDC, 94));
        assertThat(scan(CURSOR + "/rules").counts()).isEqualTo(Map.of(SkillFormat.CURSORRULES, 68, SkillFormat.CURSOR_MDC, 50));
        assertThat(scan(CURSOR + "/rules-new").counts()).isEqualTo(Map.of(SkillFormat.CURSOR_MDC, 44));
        assertThat(scan(COPILOT).counts()).isEqualTo(Map.of(SkillFormat.COPILOT_INSTRUCTIONS, 64,
                SkillFormat.COPILOT_PROMPT, 58, SkillFormat.COPILOT_AGENT, 56, SkillFormat.COPILOT_CHATMODE, 31));
    }

    @ParameterizedTest
    @ValueSource(strings = {ANTHROPIC, COPILOT_SKILLS, CURSOR, COPILOT})
    void everyImportedSkillRendersToASpecValidAgentSkillThatParsesBackTheSame(String name) {
        for (SkillImporter.Imported i : scan(name).skills()) {
            Skill s = i.skill();
            String text = SkillMarkdown.render(s);
            SkillParser.Result r = SkillParser.parseStored("skills/" + s.id() + "/SKILL.md", text);

            assertThat(r).as(i.sourcePath()).isNotNull();
            assertThat(r.errors()).as("%s rendered as\n%s", i.sourcePath(), text).isEmpty();
            assertThat(r.ok()).as(i.sourcePath()).isTrue();
            Skill back = r.skill();
            assertThat(back.id()).as(i.sourcePath()).isEqualTo(s.id());
            assertThat(back.name()).as(i.sourcePath()).isEqualTo(s.name());
            assertThat(back.description()).as(i.sourcePath()).isEqualTo(s.description());
            assertThat(back.category()).as(i.sourcePath()).isEqualTo(s.category());
            assertThat(back.keywords()).as(i.sourcePath()).isEqualTo(s.keywords());
            assertThat(back.globs()).as(i.sourcePath()).isEqualTo(s.globs());
            assertThat(back.alwaysOn()).as(i.sourcePath()).isEqualTo(s.alwaysOn());
            assertThat(back.license()).as(i.sourcePath()).isEqualTo(s.license());
            assertThat(back.compatibility()).as(i.sourcePath()).isEqualTo(s.compatibility());
            assertThat(back.allowedTools()).as(i.sourcePath()).isEqualTo(s.allowedTools());
            assertThat(back.metadata()).as(i.sourcePath()).containsAllEntriesOf(s.metadata());
            assertThat(back.body().strip()).as(i.sourcePath()).isEqualTo(s.body().strip());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ANTHROPIC, COPILOT_SKILLS, CURSOR, COPILOT})
    void idsAreUniqueAndValidWithinAScan(String name) {
        List<String> ids = scan(name).skills().stream().map(i -> i.skill().id()).toList();

        assertThat(ids).doesNotHaveDuplicates().allMatch(SkillParser::isValidId);
    }

    @ParameterizedTest
    @ValueSource(strings = {ANTHROPIC, COPILOT_SKILLS, CURSOR, COPILOT})
    void everySkillRecordsItsSourceFormatAndPathAndHasADescription(String name) {
        Path root = corpus(name);
        for (SkillImporter.Imported i : scan(name).skills()) {
            Skill s = i.skill();
            assertThat(s.format()).isEqualTo(SkillFormat.AGENT_SKILL);
            assertThat(s.metadata()).as(i.sourcePath()).containsEntry("source-format", i.source().label())
                    .containsEntry("source-path", i.sourcePath());
            assertThat(root.resolve(i.sourcePath())).as(i.sourcePath()).isRegularFile();
            assertThat(SkillFormat.forFileName(root.resolve(i.sourcePath()).getFileName().toString())).isEqualTo(i.source());
            assertThat(s.path()).isEqualTo("skills/" + s.id() + "/SKILL.md");
            assertThat(s.description()).as(i.sourcePath()).isNotBlank().hasSizeLessThanOrEqualTo(1024)
                    .matches(d -> d.codePoints().anyMatch(Character::isLetterOrDigit), "has a letter or digit");
            assertThat(s.name()).as(i.sourcePath()).isNotBlank();
        }
    }

    // ---- skills-anthropic ----

    @Test
    void anthropicMcpBuilderKeepsItsLicenseAndReferenceFiles() throws IOException {
        SkillImporter.Imported i = imported(ANTHROPIC, "skills/mcp-builder/SKILL.md");
        Skill s = i.skill();

        assertThat(i.source()).isEqualTo(SkillFormat.AGENT_SKILL);
        assertThat(s.id()).isEqualTo("mcp-builder");
        assertThat(s.name()).isEqualTo("Mcp Builder");
        assertThat(s.description()).startsWith("Guide for creating high-quality MCP (Model Context Protocol) servers")
                .endsWith("whether in Python (FastMCP) or Node/TypeScript (MCP SDK).");
        assertThat(s.license()).isEqualTo("Complete terms in LICENSE.txt");
        assertThat(s.category()).isEqualTo("general");
        assertThat(s.files()).containsExactly("LICENSE.txt", "reference/evaluation.md", "reference/mcp_best_practices.md",
                "reference/node_mcp_server.md", "reference/python_mcp_server.md");
        assertThat(i.files()).containsOnlyKeys(s.files());
        assertThat(i.files().get("reference/evaluation.md"))
                .isEqualTo(Files.readAllBytes(corpus(ANTHROPIC).resolve("skills/mcp-builder/reference/evaluation.md")));
        assertThat(s.metadata()).containsOnly(Map.entry("source-format", "agent-skill"),
                Map.entry("source-path", "skills/mcp-builder/SKILL.md"));
        assertThat(i.problems()).isEmpty();
    }

    @Test
    void anthropicSkillCreatorHasNoLicenseAndNestedReferenceFiles() {
        Skill s = imported(ANTHROPIC, "skills/skill-creator/SKILL.md").skill();

        assertThat(s.id()).isEqualTo("skill-creator");
        assertThat(s.license()).isNull();
        assertThat(s.description()).startsWith("Create new skills, modify and improve existing skills");
        assertThat(s.files()).containsExactly("LICENSE.txt", "agents/analyzer.md", "agents/comparator.md",
                "agents/grader.md", "references/schemas.md");
        assertThat(s.body()).startsWith("# Skill Creator\n");
    }

    @Test
    void anthropicClaudeApiHasALongDescriptionShortenedWithAWarning() {
        SkillImporter.Imported i = imported(ANTHROPIC, "skills/claude-api/SKILL.md");
        Skill s = i.skill();

        assertThat(s.description()).startsWith("Reference for the Claude API / Anthropic SDK").endsWith("…")
                .hasSizeLessThanOrEqualTo(1024).hasSizeGreaterThan(900);
        assertThat(i.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("description");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.isError()).isFalse();
            assertThat(p.file()).isEqualTo("skills/claude-api/SKILL.md");
        });
        assertThat(s.files()).hasSize(65).contains("LICENSE.txt", "shared/models.md", "python/claude-api/README.md",
                "typescript/managed-agents/README.md");
    }

    @Test
    void anthropicThemeFactoryBringsItsTenThemes() {
        Skill s = imported(ANTHROPIC, "skills/theme-factory/SKILL.md").skill();

        assertThat(s.files()).hasSize(11).filteredOn(f -> f.startsWith("themes/")).hasSize(10)
                .contains("themes/arctic-frost.md", "themes/tech-innovation.md");
        assertThat(s.keywords()).containsExactly("theme", "factory");
    }

    // ---- skills-copilot ----

    @Test
    void copilotSkillWithCommaSeparatedAllowedToolsGetsCleanToolNames() {
        Skill s = imported(COPILOT_SKILLS, "skills/plantuml-ascii/SKILL.md").skill();

        assertThat(s.id()).isEqualTo("plantuml-ascii");
        assertThat(s.license()).isEqualTo("MIT");
        assertThat(s.allowedTools()).containsExactly("Bash", "Write", "Read");
        assertThat(s.description()).startsWith("Generate ASCII art diagrams using PlantUML text mode.");
        assertThat(SkillMarkdown.render(s)).contains("\nallowed-tools: Bash Write Read\n");
    }

    @Test
    void copilotSkillWithAllowedToolsAsAYamlList() {
        Skill s = imported(COPILOT_SKILLS, "skills/qdrant-monitoring/SKILL.md").skill();

        assertThat(s.allowedTools()).containsExactly("Read", "Grep", "Glob");
        assertThat(s.license()).isNull();
    }

    @Test
    void copilotSkillMetadataStaysTextExactlyAsWritten() {
        Skill s = imported(COPILOT_SKILLS, "skills/phoenix-tracing/SKILL.md").skill();

        assertThat(s.license()).isEqualTo("Apache-2.0");
        assertThat(s.compatibility()).startsWith("Requires Phoenix server.");
        assertThat(s.metadata()).containsEntry("author", "oss@arize.com").containsEntry("version", "1.0.0")
                .containsEntry("languages", "Python, TypeScript");
    }

    @Test
    void copilotSkillWithANestedListInMetadataAndAnExtraTopLevelField() {
        SkillImporter.Imported i = imported(COPILOT_SKILLS, "skills/acquire-codebase-knowledge/SKILL.md");
        Skill s = i.skill();

        assertThat(s.license()).isEqualTo("MIT");
        assertThat(s.compatibility()).isEqualTo(
                "Cross-platform. Requires Python 3.8+ and git. Run scripts/scan.py from the target project root.");
        assertThat(s.metadata()).containsEntry("version", "1.3")
                .containsEntry("argument-hint", "Optional: specific area to focus on, e.g. \"architecture only\", \"testing and concerns\"");
        assertThat(s.metadata().get("enhancements")).startsWith("Multi-language manifest detection (25+ languages supported), ")
                .endsWith("Performance testing markers");
    }

    @Test
    void copilotSkillWithAFoldedDescription() {
        Skill s = imported(COPILOT_SKILLS, "skills/copilot-cli-quickstart/SKILL.md").skill();

        assertThat(s.description()).startsWith(
                "Use this skill when someone wants to learn GitHub Copilot CLI from scratch. Offers interactive step-by-step")
                .doesNotContain("\n");
        assertThat(s.allowedTools()).containsExactly("ask_user", "sql", "fetch_copilot_cli_documentation");
    }

    @Test
    void copilotSkillWithAListOfMapsKeepsItAsReadableYaml() {
        Skill s = imported(COPILOT_SKILLS, "skills/mentoring-juniors/SKILL.md").skill();

        assertThat(s.metadata().get("authors")).startsWith("[{name: Thomas Chmara, github: AGAH4X}")
                .doesNotContain("=");
    }

    // ---- rules-cursor ----

    @Test
    void cursorMdcWithBareCommaSeparatedGlobs() {
        SkillImporter.Imported i = imported(CURSOR, "rules-new/ankra-cli.mdc");
        Skill s = i.skill();

        assertThat(i.source()).isEqualTo(SkillFormat.CURSOR_MDC);
        assertThat(s.id()).isEqualTo("ankra-cli");
        assertThat(s.category()).isEqualTo("rules");
        assertThat(s.description()).isEqualTo("Ankra CLI rules and best practices for managing Kubernetes clusters via the Ankra platform");
        assertThat(s.globs()).containsExactly("**/*.sh", "**/*.yaml", "**/*.yml", "Makefile", "**/Makefile", "**/*.md");
        assertThat(s.alwaysOn()).isFalse();
        assertThat(s.metadata()).containsOnly(Map.entry("source-format", "cursor-mdc"),
                Map.entry("source-path", "rules-new/ankra-cli.mdc"));
        assertThat(i.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("front matter");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.isError()).isFalse();
        });
    }

    @Test
    void cursorMdcWithABraceGlobKeepsItWhole() {
        Skill s = imported(CURSOR, "rules-new/beefreeSDK.mdc").skill();

        assertThat(s.id()).isEqualTo("beefreesdk");
        assertThat(s.name()).isEqualTo("BeefreeSDK");
        assertThat(s.globs()).containsExactly("**/*.{ts,tsx,js,jsx,html,css}");
        assertThat(s.keywords()).containsExactly("beefreesdk", "ts", "tsx", "js", "jsx", "html", "css");
        assertThat(s.description()).startsWith("Guidelines and best practices for building applications with [Beefree SDK]");
    }

    @Test
    void cursorMdcWithAlwaysApplyTrueIsAlwaysOn() {
        Skill scala = imported(CURSOR, "rules/scala-kafka-cursorrules-prompt-file/general-scala-clean-code.mdc").skill();
        Skill nest = imported(CURSOR, "rules/nestjs-anti-hallucination-cursorrules-prompt-file/.cursorrules.mdc").skill();
        Skill docker = imported(CURSOR, "rules-new/docker.mdc").skill();

        assertThat(scala.alwaysOn()).isTrue();
        assertThat(scala.globs()).containsExactly("**/*.scala");
        assertThat(scala.description()).isEqualTo("Applies clean-code guidelines for Scala 3.");
        assertThat(nest.alwaysOn()).isTrue();
        assertThat(nest.globs()).as("a YAML flow list").containsExactly("**/*.ts");
        assertThat(docker.alwaysOn()).isFalse();
        assertThat(docker.globs()).containsExactly("Dockerfile", "Dockerfile.*", "docker-compose*.yml",
                "docker-compose*.yaml", ".dockerignore");
        assertThat(SkillMarkdown.render(scala)).contains("always-apply: 'true'");
    }

    @Test
    void cursorrulesTakeTheirIdFromTheFolderAndTheirDescriptionFromTheBody() {
        SkillImporter.Imported i = imported(CURSOR, "rules/py-fast-api/.cursorrules");
        Skill s = i.skill();

        assertThat(i.source()).isEqualTo(SkillFormat.CURSORRULES);
        assertThat(s.id()).isEqualTo("py-fast-api");
        assertThat(s.name()).isEqualTo("Py Fast Api");
        assertThat(s.category()).isEqualTo("rules");
        assertThat(s.description()).isEqualTo("You are an expert in Python, FastAPI, and scalable API development.");
        assertThat(s.globs()).isEmpty();
        assertThat(s.alwaysOn()).isFalse();
        assertThat(s.body()).startsWith("You are an expert in Python, FastAPI");
        assertThat(s.metadata()).containsEntry("source-format", "cursorrules")
                .containsEntry("source-path", "rules/py-fast-api/.cursorrules");
        assertThat(i.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("description");
            assertThat(p.message()).startsWith("missing; derived from the body");
        });
    }

    @Test
    void cursorrulesDescriptionsComeFromTheirFirstMeaningfulLine() {
        Skill angular = imported(CURSOR, "rules/angular-novo-elements-cursorrules-prompt-file/.cursorrules").skill();
        Skill json = imported(CURSOR, "rules/github-code-quality-cursorrules-prompt-file/.cursorrules").skill();
        Skill convex = imported(CURSOR, "rules/convex-cursorrules-prompt-file/.cursorrules").skill();

        assertThat(angular.id()).isEqualTo("angular-novo-elements-cursorrules-prompt-file");
        assertThat(angular.description()).isEqualTo(".cursor: rules");
        assertThat(json.description()).as("not the lone '{' the file starts with").isNotEqualTo("{").contains("rules");
        assertThat(convex.description()).startsWith("Guidelines and best practices for building Convex projects");
        assertThat(convex.globs()).containsExactly("**/*.{ts,tsx,js,jsx}");
    }

    // ---- instructions-copilot ----

    @Test
    void copilotInstructionsApplyToBecomesGlobs() {
        SkillImporter.Imported i = imported(COPILOT, "instructions/go.instructions.md");
        Skill s = i.skill();

        assertThat(i.source()).isEqualTo(SkillFormat.COPILOT_INSTRUCTIONS);
        assertThat(s.id()).isEqualTo("go");
        assertThat(s.category()).isEqualTo("instructions");
        assertThat(s.description()).isEqualTo("Instructions for writing Go code following idiomatic Go practices and community standards");
        assertThat(s.globs()).containsExactly("**/*.go", "**/go.mod", "**/go.sum");
        assertThat(s.keywords()).contains("go", "mod", "sum");
        assertThat(s.metadata()).containsOnly(Map.entry("source-format", "copilot-instructions"),
                Map.entry("source-path", "instructions/go.instructions.md"));
        assertThat(i.problems()).isEmpty();
    }

    @Test
    void copilotInstructionsKeepUnknownFieldsInMetadata() {
        Skill s = imported(COPILOT, "instructions/code-review-generic.instructions.md").skill();

        assertThat(s.globs()).containsExactly("**");
        assertThat(s.metadata()).containsEntry("excludeAgent", "coding-agent");
    }

    @Test
    void copilotInstructionsIdsCollidingWithAChatModeGetTheirFolderAsPrefix() {
        assertThat(imported(COPILOT, "chatmodes/ms-sql-dba.chatmode.md").skill().id()).isEqualTo("ms-sql-dba");
        assertThat(imported(COPILOT, "instructions/ms-sql-dba.instructions.md").skill().id())
                .isEqualTo("instructions-ms-sql-dba");
        assertThat(imported(COPILOT + "/instructions", "ms-sql-dba.instructions.md").skill().id())
                .as("alone, nothing collides").isEqualTo("ms-sql-dba");
    }

    @Test
    void copilotPromptToolsBecomeAllowedToolsAndModeGoesToMetadata() {
        SkillImporter.Imported i = imported(COPILOT, "prompts/add-educational-comments.prompt.md");
        Skill s = i.skill();

        assertThat(i.source()).isEqualTo(SkillFormat.COPILOT_PROMPT);
        assertThat(s.id()).isEqualTo("add-educational-comments");
        assertThat(s.category()).isEqualTo("prompts");
        assertThat(s.allowedTools()).containsExactly("edit/editFiles", "fetch", "todos");
        assertThat(s.metadata()).containsEntry("mode", "agent").containsEntry("source-format", "copilot-prompt")
                .doesNotContainKey("tools");
        assertThat(s.description()).startsWith("Add educational comments to the file specified");
    }

    @Test
    void copilotPromptWithAgentInsteadOfMode() {
        Skill s = imported(COPILOT, "prompts/pytest-coverage.prompt.md").skill();

        assertThat(s.metadata()).containsEntry("agent", "agent").doesNotContainKey("mode");
        assertThat(s.allowedTools()).isEmpty();
        assertThat(s.description()).isEqualTo(
                "Run pytest tests with coverage, discover lines missing coverage, and increase coverage to 100%.");
    }

    @Test
    void copilotPromptWithAToolNameContainingASpaceSurvivesExport() {
        Skill s = imported(COPILOT, "prompts/create-technical-spike.prompt.md").skill();

        assertThat(s.allowedTools()).contains("Microsoft Docs").startsWith("runCommands", "runTasks").hasSize(17);
        Skill back = SkillParser.parseStored("skills/" + s.id() + "/SKILL.md", SkillMarkdown.render(s)).skill();
        assertThat(back.allowedTools()).isEqualTo(s.allowedTools());
    }

    @Test
    void copilotAgentNameBecomesTheTitle() {
        SkillImporter.Imported i = imported(COPILOT, "agents/CSharpExpert.agent.md");
        Skill s = i.skill();

        assertThat(i.source()).isEqualTo(SkillFormat.COPILOT_AGENT);
        assertThat(s.id()).isEqualTo("csharpexpert");
        assertThat(s.name()).isEqualTo("C# Expert");
        assertThat(s.category()).isEqualTo("agents");
        assertThat(s.description()).isEqualTo("An agent designed to assist with software development tasks for .NET projects.");
        Skill back = SkillParser.parseStored("skills/csharpexpert/SKILL.md", SkillMarkdown.render(s)).skill();
        assertThat(back.metadata()).containsEntry("title", "C# Expert");
        assertThat(back.name()).isEqualTo("C# Expert");
    }

    @Test
    void copilotAgentKeepsToolsAndItsMcpServersAsYaml() {
        Skill s = imported(COPILOT, "agents/context7.agent.md").skill();

        assertThat(s.name()).isEqualTo("Context7-Expert");
        assertThat(s.allowedTools()).containsExactly("read", "search", "web", "context7/*", "agent/runSubagent");
        assertThat(s.metadata().get("argument-hint")).startsWith("Ask about specific libraries/frameworks");
        assertThat(s.metadata().get("mcp-servers")).startsWith("{context7: {type: http, url: ").doesNotContain("=");
    }

    @Test
    void copilotChatModeTitleAndModel() {
        SkillImporter.Imported i = imported(COPILOT, "chatmodes/4.1-Beast.chatmode.md");
        Skill s = i.skill();

        assertThat(i.source()).isEqualTo(SkillFormat.COPILOT_CHATMODE);
        assertThat(s.id()).isEqualTo("4-1-beast");
        assertThat(s.name()).isEqualTo("4.1 Beast Mode v3.1");
        assertThat(s.description()).isEqualTo("GPT 4.1 as a top-notch coding agent.");
        assertThat(s.category()).isEqualTo("agents");
        assertThat(s.metadata()).containsEntry("model", "GPT-4.1").containsEntry("source-format", "copilot-chatmode")
                .containsEntry("source-path", "chatmodes/4.1-Beast.chatmode.md");
    }
}
