package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.access.Accounts;
import dev.llmos.access.Scope;
import dev.llmos.access.TeamRole;
import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;
import tools.jackson.databind.JsonNode;

/**
 * The official MCP Inspector CLI (2.12) against the real server in token mode, over the skills extension
 * (SEP-2640): {@code skills/list} walks every page, {@code --verify} checks conformance, every file's digest
 * and size, and that the listed front matter is the served SKILL.md's, for a folder skill with references
 * and a binary file (Anthropic's {@code mcp-builder}), seed-format skills, a folder skill with sloppy YAML,
 * a team skill and a skill shadowing the system's; a draft and another user's skill do not exist.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class McpInspectorTests {

    static final Path VOLUMES = TempVolumes.create("llmos-mcp-inspector-");
    static final Path CLIENTS = Path.of("clients").toAbsolutePath();
    static final Path MCP_BUILDER = Path.of("../shared/corpora/skills-anthropic/skills/mcp-builder").toAbsolutePath();
    static final Path SYSTEM_SKILLS = Path.of("src/main/resources/system-volume/skills");
    static final byte[] LOGO = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, (byte) 0xff, (byte) 0xfe};
    static final int FILLERS = 36;
    static final String DRAFT_CANARY = "MCP-DRAFT-CANARY-5";
    static final String BOB_CANARY = "MCP-BOB-CANARY-9";
    static String alice;
    static String bob;
    static boolean seeded;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("llmos.volumes-path", VOLUMES::toString);
        registry.add("llmos.auth", () -> "token");
        registry.add("llmos.scan-interval", () -> "1h");
        registry.add("llmos.embeddings", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    VolumeStore store;

    @BeforeEach
    void volumes() throws IOException {
        synchronized (McpInspectorTests.class) {
            if (seeded) {
                return;
            }
            Accounts accounts = new Accounts(VOLUMES, Clock.systemUTC());
            accounts.addUser("alice", false);
            accounts.addUser("bob", false);
            accounts.addTeam("red");
            accounts.setMember("red", "alice", TeamRole.MEMBER);
            alice = accounts.createToken("alice", Scope.READ, "inspector").secret();
            bob = accounts.createToken("bob", Scope.READ, "inspector").secret();

            List<FileChange> mine = new ArrayList<>();
            for (Map.Entry<String, byte[]> f : corpusFiles().entrySet()) {
                mine.add(new FileChange.Put("skills/mcp-builder/" + f.getKey(), f.getValue()));
            }
            mine.add(new FileChange.Put("skills/mcp-builder/assets/logo.png", LOGO));
            mine.add(put("skills/release-notes.md", "---\nname: Alice's Release Notes\ncategory: writing\n"
                    + "description: Use when writing release notes for the billing service\nkeywords: [release, notes]\n---\n"
                    + "# Release notes\n\nGroup changes by user impact.\n"));
            mine.add(put("skills/sloppy-globs/SKILL.md", "---\nname: sloppy-globs\ndescription: Use for TypeScript files\n"
                    + "metadata:\n  globs: **/*.ts\n---\nPrefer strict mode.\n"));
            mine.add(put("skills/python-coding/SKILL.md", "---\nname: python-coding\ndescription: Alice's own Python rules\n"
                    + "license: MIT\nmetadata:\n  version: 1.10\n---\nUse type hints everywhere.\n"));
            mine.add(put("skills/alice-draft/SKILL.md", "---\nname: alice-draft\ndescription: Use for drafts\nmetadata:\n"
                    + "  status: draft\n---\n" + DRAFT_CANARY + "\n"));
            mine.add(put("skills/alice-draft/notes.md", DRAFT_CANARY + " notes\n"));
            for (int i = 1; i <= FILLERS; i++) {
                String id = String.format("filler-%02d", i);
                mine.add(put("skills/" + id + ".md", "---\nname: Filler " + i + "\ndescription: Use for filler task " + i
                        + "\nkeywords: [filler]\n---\nFiller " + i + ".\n"));
            }
            store.open(VolumeId.user("alice")).commit(Author.user("alice"), "alice's skills", mine);
            store.open(VolumeId.team("red")).commit(Author.user("alice"), "team skill", List.of(put("skills/red-runbook/SKILL.md",
                    "---\nname: red-runbook\ndescription: Use when on call for team red\n---\nPage the lead.\n")));
            store.open(VolumeId.user("bob")).commit(Author.user("bob"), "bob's skill", List.of(put("skills/bob-secret/SKILL.md",
                    "---\nname: bob-secret\ndescription: Use for bob's work\n---\n" + BOB_CANARY + "\n")));
            seeded = true;
        }
    }

    private McpInspectorCli inspector() throws Exception {
        return McpInspectorCli.install(CLIENTS, "http://127.0.0.1:" + port + "/mcp");
    }

    @Test
    void initializeDeclaresTheSkillsExtension() throws Exception {
        CliRun run = inspector().run(alice, "--method", "initialize");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        JsonNode capabilities = Http.JSON.readTree(run.stdout()).path("capabilities");
        assertThat(capabilities.path("extensions").has("io.modelcontextprotocol/skills")).as(run.stdout()).isTrue();
        assertThat(capabilities.has("resources")).as("the extension needs the resources capability").isTrue();
    }

    @Test
    void skillsListWalksEveryPageAndListsExactlyWhatTheCallerMaySee() throws Exception {
        CliRun run = inspector().run(alice, "--method", "skills/list");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        Map<String, JsonNode> listed = byName(Http.JSON.readTree(run.stdout()).path("skills"));
        assertThat(listed.keySet()).as("the system's, alice's own, her team's; no draft, nothing of bob's")
                .isEqualTo(aliceSees());
        assertThat(listed.size()).as("more than one page").isGreaterThan(50);
        assertThat(run.stdout()).doesNotContain(DRAFT_CANARY, BOB_CANARY, "alice-draft", "bob-secret");

        JsonNode own = listed.get("python-coding");
        assertThat(own.path("frontmatter").path("description").asString()).as("user over system").isEqualTo("Alice's own Python rules");
        assertThat(own.path("frontmatter").path("metadata").path("version").asDouble())
                .as("the front matter as YAML 1.2 reads it").isEqualTo(1.1);
        JsonNode seed = listed.get("release-notes").path("frontmatter");
        assertThat(seed.path("name").asString()).isEqualTo("release-notes");
        assertThat(seed.path("metadata").path("title").asString()).isEqualTo("Alice's Release Notes");
        assertThat(seed.path("metadata").path("keywords").asString()).isEqualTo("release, notes");
        assertThat(listed.get("red-runbook").path("frontmatter").path("description").asString()).isEqualTo("Use when on call for team red");

        // The manifest: SKILL.md first, then every other file, with the sha256 of the bytes stored in the volume.
        JsonNode builder = listed.get("mcp-builder");
        Map<String, String> digests = new LinkedHashMap<>();
        builder.path("resources").forEach(r -> digests.put(r.path("uri").asString(), r.path("digest").asString()));
        Map<String, String> expected = new LinkedHashMap<>();
        corpusFiles().forEach((path, bytes) -> expected.put("skill://mcp-builder/" + path, sha256(bytes)));
        expected.put("skill://mcp-builder/assets/logo.png", sha256(LOGO));
        assertThat(digests).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(builder.path("resources").get(0).path("uri").asString()).isEqualTo("skill://mcp-builder/SKILL.md");
        assertThat(builder.path("frontmatter").path("license").asString()).isEqualTo("Complete terms in LICENSE.txt");

        CliRun bobs = inspector().run(bob, "--method", "skills/list");
        assertThat(bobs.exitCode()).as(bobs.stdout() + bobs.stderr()).isZero();
        assertThat(byName(Http.JSON.readTree(bobs.stdout()).path("skills")).keySet())
                .isEqualTo(union(systemIds(), Set.of("bob-secret")));
        System.out.println("mcp-inspector: skills/list for alice listed " + listed.size() + " skills in " + run.millis()
                + " ms; for bob " + Http.JSON.readTree(bobs.stdout()).path("skills").size());
    }

    @Test
    void verifyFindsEverySkillConformantWithItsDigestsAndFrontMatter() throws Exception {
        CliRun run = inspector().run(alice, "--method", "skills/list", "--verify");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        List<JsonNode> reports = ndjson(run.stdout());
        assertThat(reports).extracting(r -> r.path("name").asString()).containsExactlyInAnyOrderElementsOf(aliceSees());
        for (JsonNode report : reports) {
            assertThat(report.path("outcome").asString()).as(report.toString()).isEqualTo("verified");
            assertThat(report.path("conformance").size() + report.path("frontmatter").size()).as(report.toString()).isZero();
        }
        JsonNode builder = reports.stream().filter(r -> r.path("name").asString().equals("mcp-builder")).findFirst().orElseThrow();
        assertThat(builder.path("files").size()).isEqualTo(corpusFiles().size() + 1);
        builder.path("files").forEach(f -> assertThat(f.path("status").asString()).as(f.toString()).isEqualTo("verified"));
        System.out.println("mcp-inspector: skills/list --verify: " + run.stderr().strip() + " (" + run.millis() + " ms)");

        for (String skill : List.of("mcp-builder", "release-notes", "sloppy-globs")) {
            CliRun one = inspector().run(alice, "--method", "skills/get", "--uri", "skill://" + skill + "/SKILL.md", "--verify");
            assertThat(one.exitCode()).as(one.stdout() + one.stderr()).isZero();
            assertThat(ndjson(one.stdout())).singleElement().satisfies(r -> assertThat(r.path("outcome").asString()).isEqualTo("verified"));
        }
    }

    @Test
    void skillsGetAnswersOneSkillAndNothingForADraftOrAnotherUsersSkill() throws Exception {
        McpInspectorCli cli = inspector();
        CliRun got = cli.run(alice, "--method", "skills/get", "--uri", "skill://release-notes/SKILL.md");
        assertThat(got.exitCode()).as(got.stdout() + got.stderr()).isZero();
        JsonNode result = Http.JSON.readTree(got.stdout());
        assertThat(result.path("skill").path("uri").asString()).isEqualTo("skill://release-notes/SKILL.md");
        assertThat(result.path("skill").path("resources").size()).isEqualTo(1);
        assertThat(result.path("cacheScope").asString()).isEqualTo("private");

        for (String uri : List.of("skill://bob-secret/SKILL.md", "skill://alice-draft/SKILL.md", "skill://no-such-skill/SKILL.md")) {
            CliRun missing = cli.run(alice, "--method", "skills/get", "--uri", uri);
            assertThat(missing.exitCode()).as(uri).isNotZero();
            assertThat(missing.stdout() + missing.stderr()).contains("No skill is served at " + uri)
                    .doesNotContain(BOB_CANARY, DRAFT_CANARY);
        }
        for (String uri : List.of("skill://bob-secret/SKILL.md", "skill://alice-draft/notes.md", "skill://alice-draft/SKILL.md")) {
            CliRun read = cli.run(alice, "--method", "resources/read", "--uri", uri);
            assertThat(read.exitCode()).as(uri).isNotZero();
            assertThat(read.stdout() + read.stderr()).doesNotContain(BOB_CANARY, DRAFT_CANARY);
        }
        CliRun own = cli.run(bob, "--method", "resources/read", "--uri", "skill://bob-secret/SKILL.md");
        assertThat(own.exitCode()).as(own.stdout() + own.stderr()).isZero();
        assertThat(own.stdout()).as("the canary is really there for its owner").contains(BOB_CANARY);
    }

    @Test
    void toolsAndResourcesListEveryFileOfEverySkill() throws Exception {
        McpInspectorCli cli = inspector();
        CliRun tools = cli.run(alice, "--method", "tools/list");
        assertThat(tools.exitCode()).as(tools.stdout() + tools.stderr()).isZero();
        List<String> names = new ArrayList<>();
        Http.JSON.readTree(tools.stdout()).path("tools").forEach(t -> names.add(t.path("name").asString()));
        assertThat(names).containsExactlyInAnyOrder("search_skills", "load_skill", "list_skill_files", "read_skill_file",
                "record_feedback");

        CliRun resources = cli.run(alice, "--method", "resources/list");
        assertThat(resources.exitCode()).as(resources.stdout() + resources.stderr()).isZero();
        Map<String, JsonNode> byUri = new LinkedHashMap<>();
        Http.JSON.readTree(resources.stdout()).path("resources").forEach(r -> byUri.put(r.path("uri").asString(), r));
        // Every skill's SKILL.md, plus mcp-builder's other corpus files and its logo.
        assertThat(byUri).hasSize(aliceSees().size() + (corpusFiles().size() - 1) + 1);
        assertThat(byUri.get("skill://mcp-builder/assets/logo.png").path("mimeType").asString()).isEqualTo("image/png");
        assertThat(byUri.get("skill://mcp-builder/reference/evaluation.md").path("size").asLong())
                .isEqualTo(corpusFiles().get("reference/evaluation.md").length);
        assertThat(byUri.get("skill://release-notes/SKILL.md").path("title").asString()).isEqualTo("Alice's Release Notes");
        assertThat(byUri.keySet()).noneMatch(u -> u.contains("alice-draft") || u.contains("bob-secret"));

        CliRun logo = cli.run(alice, "--method", "resources/read", "--uri", "skill://mcp-builder/assets/logo.png");
        assertThat(logo.exitCode()).as(logo.stdout() + logo.stderr()).isZero();
        assertThat(Http.JSON.readTree(logo.stdout()).path("contents").get(0).path("blob").asString())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(LOGO));
    }

    @Test
    void pagesAreCutByIdAndAForeignCursorIsInvalidParams() {
        Http http = new Http(port).bearer(alice);
        JsonNode first = mcp(http, "skills/list", "{}").path("result");
        assertThat(first.path("skills").size()).isEqualTo(50);
        String cursor = first.path("nextCursor").asString();
        JsonNode second = mcp(http, "skills/list", "{\"cursor\":\"" + cursor + "\"}").path("result");
        assertThat(second.path("skills").size()).isEqualTo(aliceSees().size() - 50);
        assertThat(second.has("nextCursor")).isFalse();
        assertThat(mcp(http, "skills/list", "{\"cursor\":\"not a cursor\"}").path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(mcp(http, "skills/get", "{\"uri\":\"skill://mcp-builder\"}").path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(mcp(http, "skills/get", "{}").path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(mcp(http, "resources/read", "{}").path("error").path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void aWrongTokenIsRefusedAtOnce() throws Exception {
        CliRun run = inspector().run("llmos_this-token-was-never-issued-000000", "--method", "skills/list");
        System.out.println("mcp-inspector: a wrong token ended the CLI with exit " + run.exitCode() + " after " + run.millis() + " ms");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(3);
        assertThat(run.stdout() + run.stderr()).doesNotContain("skill://");
    }

    private static JsonNode mcp(Http http, String method, String params) {
        var reply = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static Map<String, JsonNode> byName(JsonNode skills) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        skills.forEach(s -> out.put(s.path("frontmatter").path("name").asString(), s));
        return out;
    }

    private static List<JsonNode> ndjson(String out) {
        return out.lines().filter(l -> l.startsWith("{")).map(Http.JSON::readTree).toList();
    }

    private static Set<String> aliceSees() {
        Set<String> own = new TreeSet<>(Set.of("mcp-builder", "release-notes", "sloppy-globs", "python-coding", "red-runbook"));
        for (int i = 1; i <= FILLERS; i++) {
            own.add(String.format("filler-%02d", i));
        }
        return union(systemIds(), own);
    }

    private static Set<String> systemIds() {
        try (Stream<Path> files = Files.list(SYSTEM_SKILLS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md"))
                    .map(n -> n.substring(0, n.length() - 3)).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    /** Anthropic's mcp-builder skill as the corpus holds it, by path inside the folder. */
    private static Map<String, byte[]> corpusFiles() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(MCP_BUILDER)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.put(MCP_BUILDER.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static FileChange put(String path, String text) {
        return new FileChange.Put(path, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
