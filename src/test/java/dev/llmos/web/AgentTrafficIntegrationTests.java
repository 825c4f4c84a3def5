package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Clock;

import dev.llmos.LlmosApplication;
import dev.llmos.access.Accounts;
import dev.llmos.access.Scope;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeReply;
import dev.llmos.llm.RecordedRequest;
import tools.jackson.databind.JsonNode;

/**
 * Claude Code's traffic, replayed from the real CLI's captured requests against the real server (local
 * mode; the upstream a fake Anthropic API with a prompt cache): skills are chosen for the person's
 * words, not the harness's reminders; a tool loop is one turn with one choice of skills and a cache hit;
 * evolution over unrelated sessions drafts nothing.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AgentTrafficIntegrationTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start().simulatePromptCache();
    static final Path VOLUMES = TempVolumes.create("llmos-agent-traffic-");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.withFakeAnthropic(registry, VOLUMES, ANTHROPIC);
        registry.add("llmos.compat.local-user", () -> "cc");
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void reset() {
        ANTHROPIC.reset();
    }

    @Test
    void skillsAreChosenForThePersonsWordsNotTheReminders() {
        String session = ClaudeCodeRequests.newSession();
        Http claude = ClaudeCodeRequests.as(new Http(port), session);
        for (String[] ask : new String[][] {
                {"Write a Python function to calculate Fibonacci numbers", "python-coding"},
                {"Write a SQL query that counts orders per customer", "sql-queries"},
                {"Add unit tests for the parser with pytest", "unit-testing"}}) {
            var reply = claude.post("/v1/messages?beta=true", ClaudeCodeRequests.first(ClaudeCodeRequests.newSession(), ask[0]));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.header("x-llmos-skills")).as(ask[0]).contains(ask[1]);
            JsonNode system = ANTHROPIC.lastRequest().json().path("system");
            assertThat(system.get(0).path("text").asString()).as("Claude Code's billing header stays first")
                    .startsWith("x-anthropic-billing-header:");
            assertThat(system.get(1).path("text").asString()).contains("<skill id=\"" + ask[1] + "\"");
        }
        RecordedRequest upstream = ANTHROPIC.lastRequest();
        assertThat(upstream.query()).isEqualTo("beta=true");
        assertThat(upstream.header("anthropic-beta")).contains("claude-code-20250219");
    }

    @Test
    void aToolLoopIsOneTurnWithOneChoiceOfSkillsAndACacheHit() throws Exception {
        String session = ClaudeCodeRequests.newSession();
        String words = "Write a SQL query that counts orders per customer per month";
        Http claude = ClaudeCodeRequests.as(new Http(port), session);
        ANTHROPIC.enqueue(FakeReply.toolUse("toolu_1", "Bash", "{\"command\":\"ls\"}"), FakeReply.text("SELECT ..."));

        var first = claude.post("/v1/messages?beta=true", ClaudeCodeRequests.first(session, words));
        var second = claude.post("/v1/messages?beta=true", ClaudeCodeRequests.step(session, words));
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("x-llmos-skills")).isEqualTo(first.header("x-llmos-skills")).contains("sql-queries");

        List<RecordedRequest> calls = ANTHROPIC.requests();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).json().path("system").toString()).as("the system prefix is byte-identical")
                .isEqualTo(calls.get(0).json().path("system").toString());

        Http http = new Http(port);
        JsonNode turn = awaitTurn(http, "cc", words, 1);
        assertThat(turn.path("trace").path("request").asString()).isEqualTo(words);
        assertThat(turn.path("trace").path("turn").path("step").asInt()).isEqualTo(1);
        assertThat(turn.path("trace").path("turn").path("client").asString()).isEqualTo("claude-cli/2.1.332");
        assertThat(turn.path("steps")).hasSize(1);
        JsonNode step = turn.path("steps").get(0);
        assertThat(step.path("turn").path("step").asInt()).isEqualTo(2);
        assertThat(step.path("conversation_id").asString()).isEqualTo(turn.path("trace").path("conversation_id").asString());
        long cacheRead = step.path("usage").path("cache_read_input_tokens").asLong();
        System.out.println("agent-traffic: second call of the turn read " + cacheRead + " tokens from the prompt cache (first wrote "
                + turn.path("trace").path("usage").path("cache_creation_input_tokens").asLong() + ")");
        assertThat(cacheRead).isPositive();

        // The raw request is kept beside the trace; the harness's system prompt and tools once, shared.
        String id = turn.path("trace").path("id").asString();
        try (Stream<Path> files = Files.walk(VOLUMES.resolve("users/cc/traces"))) {
            Path raw = files.filter(p -> p.getFileName().toString().equals(id + ".request.json")).findFirst().orElseThrow();
            String text = Files.readString(raw, StandardCharsets.UTF_8);
            assertThat(text).contains("<system-reminder>").contains(words).contains("\"$shared\"");
        }
        try (Stream<Path> shared = Files.list(VOLUMES.resolve("users/cc/traces/shared"))) {
            assertThat(shared.count()).as("the tools, stored once").isEqualTo(1L);
        }
    }

    @Test
    void unrelatedSessionsRatedGoodDraftAndApplyNothing() {
        Accounts accounts = new Accounts(VOLUMES, Clock.systemUTC());
        accounts.addUser("cc2", false);
        String token = accounts.createToken("cc2", Scope.WRITE, "claude code").secret();
        Http http = new Http(port);
        List<String> asks = List.of("Plan a birthday party for my cat", "Explain the difference between TCP and UDP",
                "Write a haiku about autumn rain", "Convert this CSV of invoices to JSON", "Why does my React effect run twice?",
                "Summarise the release notes of version 2.3", "Draft an email declining a meeting", "Fix the flaky login test");
        List<String> ids = new ArrayList<>();
        for (String ask : asks) {
            String session = ClaudeCodeRequests.newSession();
            var reply = ClaudeCodeRequests.as(http, session).with("x-api-key", token)
                    .post("/v1/messages?beta=true", ClaudeCodeRequests.first(session, ask));
            assertThat(reply.status()).isEqualTo(200);
            ids.add(reply.header("x-llmos-trace-id"));
        }
        awaitTraces(http, "cc2", asks.size());
        for (String id : ids) {
            assertThat(http.post("/traces/" + id + "/feedback", "{\"user_id\":\"cc2\",\"rating\":\"up\"}").status()).isEqualTo(200);
        }
        var run = http.post("/evolve", "{\"user_id\":\"cc2\",\"auto_apply\":true}");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().path("skills_created").asInt()).as(run.body()).isZero();
        assertThat(run.json().path("applied").asInt()).isZero();
        assertThat(run.json().path("traces_analyzed").asInt()).isEqualTo(asks.size());
        var skills = http.get("/skills?user_id=cc2").json().path("skills");
        for (JsonNode s : skills) {
            assertThat(s.path("volume").asString()).as(s.toString()).isEqualTo("system");
        }
    }

    @Test
    void aWrongTokenIsRefusedAtOnceWithNoRetryAdvice() {
        var reply = new Http(port).with("x-api-key", "llmos_not-a-real-token-0000000000").with("anthropic-version", "2023-06-01")
                .post("/v1/messages", "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("x-should-retry")).isEqualTo("false");
        assertThat(reply.json().path("error").path("type").asString()).isEqualTo("authentication_error");
    }

    @Test
    void unknownPathsAndModelsAnswerInTheProtocolsShape() {
        Http http = new Http(port).with("anthropic-version", "2023-06-01");
        var unknown = http.get("/v1/files");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("type").asString()).isEqualTo("error");
        assertThat(unknown.json().path("error").path("type").asString()).isEqualTo("not_found_error");
        var model = http.get("/v1/models/claude-opus-5-5");
        assertThat(model.status()).as(model.body()).isEqualTo(200);
        assertThat(model.json().path("id").asString()).isEqualTo("claude-opus-5-5");
        var missing = new Http(port).get("/v1/models/gpt-nothing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("error").path("message").asString()).contains("gpt-nothing");
        var wrongMethod = new Http(port).get("/v1/chat/completions");
        assertThat(wrongMethod.status()).isEqualTo(405);
    }

    /** Waits until the turn asked with {@code words} is listed once, with {@code steps} later calls folded in. */
    static JsonNode awaitTurn(Http http, String user, String words, int steps) {
        long deadline = System.currentTimeMillis() + 10_000;
        List<JsonNode> hits = new ArrayList<>();
        while (System.currentTimeMillis() < deadline) {
            hits.clear();
            http.get("/traces?user_id=" + user + "&limit=500").json().path("traces").forEach(t -> {
                if (words.equals(t.path("trace").path("request").asString())) {
                    hits.add(t);
                }
            });
            if (hits.size() == 1 && hits.get(0).path("steps").size() == steps) {
                return hits.get(0);
            }
            pause();
        }
        assertThat(hits).as("one listed trace for the turn").hasSize(1);
        assertThat(hits.get(0).path("steps")).hasSize(steps);
        return hits.get(0);
    }

    /** Compat traces are written after the answer; waits until at least {@code n} are listed. */
    static JsonNode awaitTraces(Http http, String user, int n) {
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode list = http.get("/traces?user_id=" + user + "&limit=500").json();
        while (list.path("total").asInt() < n && System.currentTimeMillis() < deadline) {
            pause();
            list = http.get("/traces?user_id=" + user + "&limit=500").json();
        }
        return list;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
