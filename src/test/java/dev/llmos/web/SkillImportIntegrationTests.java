package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** {@code POST /skills/import} against the real server: a real Agent Skill folder from the corpora, bad paths, sizes, access. */
class SkillImportIntegrationTests extends RealServer {

    /** The shared corpora, beside the project folder (../shared/corpora). */
    static final Path CORPORA = Path.of("..", "shared", "corpora").toAbsolutePath().normalize();

    static String body(String user, String volume, Map<String, String> files, boolean base64) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("user_id", user);
        if (volume != null) {
            root.put("volume", volume);
        }
        List<Map<String, String>> list = new ArrayList<>();
        files.forEach((path, content) -> list.add(base64
                ? Map.of("path", path, "content", Base64.getEncoder().encodeToString(content.getBytes()), "encoding", "base64")
                : Map.of("path", path, "content", content)));
        root.put("files", list);
        return Http.JSON.writeValueAsString(root);
    }

    @Test
    void importsARealSkillFolderWithItsFilesInOneCommit() throws IOException {
        Path folder = CORPORA.resolve("skills-anthropic/skills/internal-comms");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(folder), "corpora not present at " + CORPORA);
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                files.put("internal-comms/" + folder.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        files.put("notes.txt", "not a skill");

        Http.Reply r = http().post("/skills/import", body("imp-alice", null, files, true));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode out = r.json();
        assertThat(out.get("volume").asString()).isEqualTo("users/imp-alice");
        assertThat(out.get("total").asInt()).isEqualTo(1);
        JsonNode skill = out.get("skills").get(0);
        assertThat(skill.get("id").asString()).isEqualTo("internal-comms");
        assertThat(skill.get("source_format").asString()).isEqualTo("agent-skill");
        assertThat(skill.get("files").toString()).contains("examples/3p-updates.md");
        assertThat(out.get("ignored").toString()).contains("notes.txt");

        Http.Reply shown = http().get("/skills/internal-comms?user_id=imp-alice&volume=users/imp-alice");
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        assertThat(shown.json().get("format").asString()).isEqualTo("agent-skill");
        assertThat(shown.json().get("files").toString()).contains("examples/faq-answers.md");
        JsonNode commits = http().get("/volumes/users/imp-alice/history?user_id=imp-alice").json().get("commits");
        assertThat(commits.get(0).get("id").asString()).isEqualTo(out.at("/commit/id").asString()); // one commit, all files
        assertThat(commits.get(0).get("message").asString()).startsWith("Import 1 skill from");

        // Importing again never clobbers: the second copy gets its own id.
        Http.Reply again = http().post("/skills/import", body("imp-alice", "user", files, false));
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().at("/skills/0/id").asString()).startsWith("internal-comms").isNotEqualTo("internal-comms");
        assertThat(http().get("/skills/internal-comms?user_id=imp-alice").json().get("etag").asString())
                .isEqualTo(shown.json().get("etag").asString()); // the first is untouched
    }

    @Test
    void importsCursorAndCopilotFilesAsText() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(".cursor/rules/react-hooks.mdc", "---\ndescription: Use when writing React hooks\nglobs: \"**/*.tsx\"\n---\nPrefer custom hooks.\n");
        files.put(".github/instructions/java-style.instructions.md", "---\napplyTo: \"**/*.java\"\n---\nUse records for DTOs.\n");
        Http.Reply r = http().post("/skills/import", body("imp-bob", null, files, false));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("total").asInt()).isEqualTo(2);
        assertThat(r.json().get("skills").toString()).contains("cursor-mdc", "copilot-instructions", "react-hooks", "java-style");
        assertThat(http().get("/skills/react-hooks?user_id=imp-bob").status()).isEqualTo(200);
    }

    @Test
    void refusesBadPathsAndEncodingsWithProblems() {
        for (String path : List.of("../evil/SKILL.md", "/etc/SKILL.md", "a/../SKILL.md", "a//SKILL.md", "a\\SKILL.md", "C:/x/SKILL.md", "./SKILL.md", "")) {
            Http.Reply r = http().post("/skills/import", body("imp-carol", null, Map.of(path, "---\nname: x\ndescription: d\n---\n"), false));
            assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("field").asString()).isEqualTo("path");
        }
        Http.Reply noFiles = http().post("/skills/import", "{\"user_id\":\"imp-carol\",\"files\":[]}");
        assertThat(noFiles.status()).isEqualTo(400);
        assertThat(noFiles.json().get("field").asString()).isEqualTo("files");
        Http.Reply noSkill = http().post("/skills/import", body("imp-carol", null, Map.of("README.md", "# hi"), false));
        assertThat(noSkill.status()).isEqualTo(400);
        assertThat(noSkill.json().get("detail").asString()).contains("no skill files");
        Http.Reply badBase64 = http().post("/skills/import",
                "{\"user_id\":\"imp-carol\",\"files\":[{\"path\":\"x/SKILL.md\",\"content\":\"%%%\",\"encoding\":\"base64\"}]}");
        assertThat(badBase64.status()).isEqualTo(400);
        Http.Reply badEncoding = http().post("/skills/import",
                "{\"user_id\":\"imp-carol\",\"files\":[{\"path\":\"x/SKILL.md\",\"content\":\"a\",\"encoding\":\"rot13\"}]}");
        assertThat(badEncoding.status()).isEqualTo(400);
        assertThat(badEncoding.json().get("field").asString()).isEqualTo("encoding");
        assertThat(http().get("/volumes/users/imp-carol/history?user_id=imp-carol").status()).isEqualTo(404); // nothing written
    }

    @Test
    void refusesOversizeFilesAndTooManyFiles() {
        String big = "---\nname: big\ndescription: Use when big\n---\n" + "x".repeat(70_000); // over llmos.max-skill-bytes (65536)
        Http.Reply r = http().post("/skills/import", body("imp-dan", null, Map.of("big/SKILL.md", big), false));
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");

        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i <= SkillImportController.MAX_FILES; i++) {
            many.put("r" + i + ".mdc", "x");
        }
        Http.Reply tooMany = http().post("/skills/import", body("imp-dan", null, many, false));
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(400);
        assertThat(tooMany.json().get("field").asString()).isEqualTo("files");
        assertThat(http().get("/volumes/users/imp-dan/history?user_id=imp-dan").status()).isEqualTo(404);
    }

    @Test
    void anotherUsersVolumeIsNotFound() {
        Http.Reply r = http().post("/skills/import", body("imp-eve", "users/imp-frank",
                Map.of("x.mdc", "---\ndescription: Use when x\n---\nx\n"), false));
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        Http.Reply system = http().post("/skills/import", body("imp-eve", "system",
                Map.of("x.mdc", "---\ndescription: Use when x\n---\nx\n"), false));
        assertThat(system.status()).isEqualTo(403);
    }
}
