package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeReply;
import dev.llmos.llm.RecordedRequest;
import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * A draft awaiting review ({@code metadata.status: draft}) never reaches a model, at any entry point:
 * chat's {@code load_skill}, an agent's {@code load_skill} and {@code search_skills}, the compatibility
 * endpoints' selection, and the MCP server's tools, prompts, resources and skills extension. One draft is new
 * ({@code canary-draft}); one shadows a system skill ({@code python-coding}), which then shows through.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DraftsNeverServedIntegrationTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-drafts-it-");
    static final String CANARY = "DRAFT-CANARY-42";

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.withFakeAnthropic(registry, VOLUMES, ANTHROPIC);
        registry.add("llmos.compat.local-user", () -> "dana");
    }

    @LocalServerPort
    int port;

    @Autowired
    VolumeStore store;

    @BeforeEach
    void drafts() {
        ANTHROPIC.reset();
        store.open(VolumeId.user("dana")).commit(Author.user("dana"), "two drafts", List.of(
                new FileChange.Put("skills/canary-draft/SKILL.md", draft("canary-draft",
                        "Use when writing Fibonacci functions in Python", CANARY + " always memoize")),
                new FileChange.Put("skills/canary-draft/notes.md", (CANARY + " notes").getBytes(StandardCharsets.UTF_8)),
                new FileChange.Put("skills/python-coding/SKILL.md", draft("python-coding",
                        "Use when writing Python code", CANARY + " shadowing the system's python skill"))));
    }

    private static byte[] draft(String id, String description, String body) {
        return ("---\nname: " + id + "\ndescription: " + description + "\nmetadata:\n  status: draft\n---\n" + body + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void chatsLoadSkillRefusesADraftAndServesTheSystemSkillItShadows() {
        ANTHROPIC.enqueue(FakeReply.toolUse("t1", "load_skill", "{\"name\":\"canary-draft\"}"),
                FakeReply.toolUse("t2", "load_skill", "{\"name\":\"python-coding\"}"), FakeReply.text("done"));
        var reply = new Http(port).post("/chat", "{\"user_id\":\"dana\",\"message\":\"Write a Python function for Fibonacci numbers\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<RecordedRequest> calls = ANTHROPIC.requests();
        assertThat(calls).hasSize(3);
        assertThat(calls.get(1).body()).contains("no skill named 'canary-draft' is available");
        assertThat(calls.get(2).body()).contains("Python");
        calls.forEach(c -> assertThat(c.body()).doesNotContain(CANARY));
    }

    @Test
    void anAgentsLoadAndSearchNeverServeADraft() {
        ANTHROPIC.enqueue(FakeReply.toolUse("t1", "search_skills", "{\"query\":\"Fibonacci functions in Python\"}"),
                FakeReply.toolUse("t2", "load_skill", "{\"name\":\"canary-draft\"}"), FakeReply.text("done"));
        var reply = new Http(port).post("/agents/coder/run", "{\"user_id\":\"dana\",\"task\":\"Write a Python Fibonacci function\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<RecordedRequest> calls = ANTHROPIC.requests();
        assertThat(calls).hasSize(3);
        assertThat(calls.get(1).body()).doesNotContain("canary-draft");
        assertThat(calls.get(2).body()).contains("no skill named 'canary-draft' is available");
        calls.forEach(c -> assertThat(c.body()).doesNotContain(CANARY));
    }

    @Test
    void theCompatibilityEndpointsNeverInjectADraft() {
        var reply = new Http(port).with("anthropic-version", "2023-06-01").post("/v1/messages",
                "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"Write a Python function to calculate Fibonacci numbers\"}]}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("x-llmos-skills")).contains("python-coding").doesNotContain("canary-draft");
        assertThat(ANTHROPIC.lastRequest().body()).doesNotContain(CANARY).contains("<skill id=\\\"python-coding\\\"");
    }

    @Test
    void theMcpServerNeverListsLoadsOrReadsADraft() {
        Http http = new Http(port);
        String load = mcp(http, "tools/call", "{\"name\":\"load_skill\",\"arguments\":{\"name\":\"canary-draft\"}}");
        assertThat(load).contains("\"isError\":true").contains("no skill named 'canary-draft' is available");
        String file = mcp(http, "tools/call", "{\"name\":\"read_skill_file\",\"arguments\":{\"name\":\"canary-draft\",\"file\":\"notes.md\"}}");
        assertThat(file).contains("\"isError\":true");
        String shadowed = mcp(http, "tools/call", "{\"name\":\"load_skill\",\"arguments\":{\"name\":\"python-coding\"}}");
        assertThat(shadowed).contains("\"isError\":false").doesNotContain(CANARY);
        String search = mcp(http, "tools/call", "{\"name\":\"search_skills\",\"arguments\":{\"query\":\"Fibonacci functions in Python\"}}");
        assertThat(search).doesNotContain("canary-draft");
        assertThat(mcp(http, "resources/list", "{}")).doesNotContain("canary-draft");
        assertThat(mcp(http, "prompts/list", "{}")).doesNotContain("canary-draft");
        assertThat(mcp(http, "prompts/get", "{\"name\":\"canary-draft\"}")).contains("\"error\"").doesNotContain(CANARY);
        assertThat(mcp(http, "resources/read", "{\"uri\":\"skill://canary-draft\"}")).contains("\"error\"").doesNotContain(CANARY);
        // The skills extension: not listed, not got, none of its files read; the shadowed system skill shows through.
        assertThat(mcp(http, "skills/list", "{}")).doesNotContain("canary-draft").doesNotContain(CANARY).contains("skill://python-coding/SKILL.md");
        assertThat(mcp(http, "skills/get", "{\"uri\":\"skill://canary-draft/SKILL.md\"}")).contains("-32602").doesNotContain(CANARY);
        assertThat(mcp(http, "skills/get", "{\"uri\":\"skill://python-coding/SKILL.md\"}")).contains("\"result\"").doesNotContain(CANARY);
        for (String path : List.of("SKILL.md", "notes.md")) {
            assertThat(mcp(http, "resources/read", "{\"uri\":\"skill://canary-draft/" + path + "\"}")).contains("\"error\"").doesNotContain(CANARY);
        }
        assertThat(mcp(http, "resources/read", "{\"uri\":\"skill://python-coding/SKILL.md\"}")).contains("\"result\"").doesNotContain(CANARY);
    }

    private static String mcp(Http http, String method, String params) {
        var reply = http.with("Accept", "application/json, text/event-stream").post("/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.body();
    }
}
