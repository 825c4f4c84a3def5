package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The seed's skills API against the real server on a random port, with real git volumes on disk. */
class SkillApiIntegrationTests extends RealServer {

    static final String SEED_CREATE = """
            {
                "user_id": "alice",
                "skill_id": "my-testing-skill",
                "name": "My Testing Workflow",
                "category": "coding",
                "description": "How I write tests",
                "content": "## Approach\\n1. Write test\\n2. Run test\\n...",
                "keywords": ["testing", "pytest"]
              }""";

    @Test
    void healthAnswersOnceReady() {
        Http.Reply r = http().get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("ok");
    }

    @Test
    void theSeedsListExampleShowsTheSystemLibrary() {
        Http.Reply r = http().get("/skills?user_id=alice&team_id=engineering");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("total").asInt()).isGreaterThanOrEqualTo(12).isEqualTo(body.get("skills").size());
        JsonNode first = body.get("skills").get(0);
        assertThat(first.has("name")).isTrue();
        assertThat(first.has("category")).isTrue();
        assertThat(first.get("volume").asString()).isEqualTo("system");
        assertThat(first.get("keywords").isArray()).isTrue();
    }

    @Test
    void theSeedsCreateExampleWritesACommittedSkillFile() throws Exception {
        Http.Reply r = http().post("/skills", SEED_CREATE.replace("my-testing-skill", "seed-example"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode saved = r.json();
        assertThat(saved.at("/skill/volume").asString()).isEqualTo("users/alice");
        assertThat(saved.at("/commit/author").asString()).isEqualTo("alice");
        assertThat(saved.at("/commit/message").asString()).isEqualTo("Create skill seed-example");
        Path file = VOLUMES.resolve("users/alice/skills/seed-example.md");
        assertThat(Files.readString(file)).startsWith("---\nname: My Testing Workflow\ncategory: coding\n")
                .contains("keywords: [testing, pytest]").contains("1. Write test");

        JsonNode listed = http().get("/skills?user_id=alice&category=coding&keyword=pytest").json();
        assertThat(listed.get("skills").findValuesAsString("id")).contains("seed-example");
    }

    @Test
    void aSkillCanBeReadChangedRevertedAndDeletedWithHistory() {
        Http http = http();
        assertThat(http.post("/skills", SEED_CREATE.replace("my-testing-skill", "lifecycle")).status()).isEqualTo(201);
        String first = http.get("/skills/lifecycle?user_id=alice").json().get("commit").asString();

        Http.Reply updated = http.put("/skills/lifecycle", """
                {"user_id":"alice","name":"Lifecycle","description":"Second version","content":"v2","keywords":["x"]}""");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().at("/skill/description").asString()).isEqualTo("Second version");

        JsonNode history = http.get("/skills/lifecycle/history?user_id=alice").json();
        assertThat(history.get("commits").findValuesAsString("message"))
                .containsExactly("Update skill lifecycle", "Create skill lifecycle");

        Http.Reply reverted = http.post("/skills/lifecycle/revert", "{\"user_id\":\"alice\",\"commit\":\"" + first + "\"}");
        assertThat(reverted.status()).as(reverted.body()).isEqualTo(200);
        assertThat(reverted.json().at("/skill/description").asString()).isEqualTo("How I write tests");
        assertThat(reverted.json().at("/commit/message").asString()).startsWith("Revert skill lifecycle to ");

        assertThat(http.delete("/skills/lifecycle?user_id=alice").status()).isEqualTo(200);
        assertThat(http.get("/skills/lifecycle?user_id=alice").status()).isEqualTo(404);
    }

    @Test
    void aUserSkillOverridesTheSystemSkillWithTheSameId() {
        Http http = http();
        Http.Reply put = http.put("/skills/code-review", """
                {"user_id":"carol","name":"My Code Review","description":"Carol's own review checklist","content":"mine"}""");
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        JsonNode seen = http.get("/skills/code-review?user_id=carol").json();
        assertThat(seen.get("volume").asString()).isEqualTo("users/carol");
        assertThat(seen.get("overrides").get(0).asString()).isEqualTo("system");
        assertThat(http.get("/skills/code-review?user_id=dave").json().get("volume").asString()).isEqualTo("system");
        assertThat(http.delete("/skills/code-review?user_id=carol").status()).isEqualTo(200);
        assertThat(http.get("/skills/code-review?user_id=carol").json().get("volume").asString()).isEqualTo("system");
    }

    @Test
    void volumesShowStatsHistoryAndDiffs() {
        Http http = http();
        JsonNode created = http.post("/skills", SEED_CREATE.replace("my-testing-skill", "for-diff").replace("alice", "erin")).json();
        String commit = created.at("/commit/id").asString();
        JsonNode vols = http.get("/volumes?user_id=erin").json().get("volumes");
        assertThat(vols.findValuesAsString("volume")).containsExactly("system", "users/erin");
        JsonNode erin = vols.get(1);
        assertThat(erin.get("skills").asInt()).isEqualTo(1);
        assertThat(erin.get("commits").asInt()).isEqualTo(2);
        assertThat(erin.get("size_bytes").asLong()).isPositive();

        JsonNode history = http.get("/volumes/users/erin/history?user_id=erin").json();
        assertThat(history.get("commits").get(0).get("id").asString()).isEqualTo(commit);
        JsonNode diff = http.get("/volumes/users/erin/diff/" + commit + "?user_id=erin").json();
        assertThat(diff.get("files").get(0).get("new_path").asString()).isEqualTo("skills/for-diff.md");
        assertThat(diff.get("files").get(0).get("patch").asString()).contains("+name: My Testing Workflow");
        assertThat(http.get("/volumes/system/history").json().get("commits").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theOpenApiDescriptionAndInteractiveDocsAreServed() {
        Http.Reply spec = http().get("/openapi.json");
        assertThat(spec.status()).isEqualTo(200);
        JsonNode paths = spec.json().get("paths");
        assertThat(paths.has("/skills")).isTrue();
        assertThat(paths.has("/skills/{id}/revert")).isTrue();
        assertThat(paths.has("/volumes/{kind}/{name}/diff/{commit}")).isTrue();
        assertThat(spec.json().at("/components/schemas/CreateSkillRequest/properties").has("skill_id")).isTrue();
        assertThat(http().get("/docs").status()).isIn(200, 302);
    }

    @Test
    void templatesForNewSkillsAreListed() {
        JsonNode templates = http().get("/skills/templates").json();
        assertThat(templates.findValuesAsString("id")).contains("workflow", "checklist");
        assertThat(templates.get(0).get("text").asString()).startsWith("---\n");
    }

    /** Saved as the editor sends a template nobody filled in: warned about, listed, never offered to the model. */
    @Test
    void anUnfilledTemplateIsSavedWithWarningsButNotChosenForChats() {
        JsonNode checklist = null;
        for (JsonNode t : http().get("/skills/templates").json()) {
            if (t.get("id").asString().equals("checklist")) {
                checklist = t;
            }
        }
        String text = checklist.get("text").asString();
        String body = text.substring(text.indexOf("\n---\n", 4) + 5);
        String fields = "\"description\":\"<What this skill checks>. Use when <situation>.\",\"keywords\":[\"release\",\"checklist\","
                + "\"criteria\",\"severity\"],"
                + "\"content\":" + tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(body);
        Http.Reply unfilled = http().put("/skills/release-check", "{\"user_id\":\"pat\",\"name\":\"<Skill name>\"," + fields + "}");
        assertThat(unfilled.status()).as(unfilled.body()).isEqualTo(201);
        JsonNode warnings = unfilled.json().get("warnings");
        assertThat(warnings.findValuesAsString("field")).contains("name", "description", "content").doesNotContain("keywords");
        assertThat(warnings.toString()).contains("<Skill name>").contains("<situation>").contains("not offered to the model")
                .contains("\"severity\":\"warning\"");
        assertThat(http().get("/skills?user_id=pat&volume=user").json().at("/skills/0/status").asString()).isEqualTo("unfilled");

        String ask = "{\"user_id\":\"pat\",\"message\":\"Which verifiable criteria and severity levels should my release checklist report use?\"}";
        assertThat(http().post("/chat", ask).json().get("skills").findValuesAsString("id")).doesNotContain("release-check");
        // The same skill with its own name and description is chosen for that very message.
        Http.Reply filled = http().put("/skills/release-check", "{\"user_id\":\"pat\",\"name\":\"Release checklist\","
                + fields.replace("<What this skill checks>. Use when <situation>.", "Checks a release report against criteria. Use when releasing.")
                + "}");
        assertThat(filled.json().get("warnings").findValuesAsString("field")).containsExactly("content");
        assertThat(http().post("/chat", ask).json().get("skills").findValuesAsString("id")).contains("release-check");
    }

    @Test
    void fieldsOnlyASkillMdCanHoldMakeANewSkillAnAgentSkill() throws Exception {
        Http.Reply r = http().post("/skills", """
                {"user_id":"kim","skill_id":"house-style","name":"House Style","description":"Our conventions. Use always.",
                 "content":"Use tabs.","always_on":true,"globs":["**/*.ts"]}""");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().at("/skill/format").asString()).isEqualTo("agent-skill");
        assertThat(r.json().at("/skill/always_on").asBoolean()).isTrue();
        assertThat(Files.readString(VOLUMES.resolve("users/kim/skills/house-style/SKILL.md")))
                .contains("name: house-style").contains("always-apply: 'true'");
        Http.Reply seed = http().post("/skills", """
                {"user_id":"kim","skill_id":"seed-style","name":"x","description":"d","always_on":true,"format":"seed"}""");
        assertThat(seed.status()).as(seed.body()).isEqualTo(422);
    }

    @Test
    void ifMatchChangesOnlyTheVersionTheEditorSaw() throws Exception {
        Http http = http();
        assertThat(http.post("/skills", SEED_CREATE.replace("my-testing-skill", "edited").replace("alice", "lena")).status()).isEqualTo(201);
        HttpRequest.Builder get = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/skills/edited?user_id=lena")).GET();
        HttpResponse<String> read = HttpClient.newHttpClient().send(get.build(),
                HttpResponse.BodyHandlers.ofString());
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"" + Http.JSON.readTree(read.body()).get("etag").asString() + "\"");

        String edit = "{\"user_id\":\"lena\",\"name\":\"Edited\",\"description\":\"first editor\"}";
        Http.Reply first = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/skills/edited"))
                .header("Content-Type", "application/json").header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(edit)));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        Http.Reply second = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/skills/edited"))
                .header("Content-Type", "application/json").header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(edit.replace("first", "second"))));
        assertThat(second.status()).as(second.body()).isEqualTo(412);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(http.get("/skills/edited?user_id=lena").json().get("description").asString()).isEqualTo("first editor");
    }

    @Test
    void concurrentCreatesOfOneIdMakeExactlyOneSkill() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int n = i;
            statuses.add(pool.submit(() -> http().post("/skills", "{\"user_id\":\"max\",\"skill_id\":\"raced\",\"name\":\"R\","
                    + "\"description\":\"by " + n + "\"}").status()));
        }
        List<Integer> codes = new ArrayList<>();
        for (var f : statuses) {
            codes.add(f.get());
        }
        pool.shutdown();
        assertThat(codes).containsOnly(201, 409);
        assertThat(codes.stream().filter(c -> c == 201).count()).isEqualTo(1);
        assertThat(http().get("/skills/raced/history?user_id=max").json().get("commits").size()).isEqualTo(1);
    }
}
