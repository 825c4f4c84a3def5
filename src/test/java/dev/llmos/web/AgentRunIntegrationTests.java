package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
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
import dev.llmos.volume.Snapshot;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;
import dev.llmos.web.ChatServer.Event;
import tools.jackson.databind.JsonNode;

/**
 * Agent runs through the real server, with "Anthropic" a local fake that answers with real
 * {@code tool_use} blocks (the official SDK inside LLMos parses them). The fake picks each reply
 * by the agent's system prompt, so parallel sub-agents get theirs whatever order they arrive in.
 * Each test has its own user, whose volume holds the test's agents and receives the run's traces.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AgentRunIntegrationTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-agents-it-");
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final AtomicInteger TOOL_IDS = new AtomicInteger();
    private static final String OTHER_USER = "agent-user-other";

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.withFakeAnthropic(registry, VOLUMES, ANTHROPIC);
        registry.add("LLMOS_AGENT_PARALLELISM", () -> "4");
        registry.add("LLMOS_AGENT_TIMEOUT", () -> "60s");
    }

    @LocalServerPort
    int port;

    @Autowired
    VolumeStore volumes;

    @AfterEach
    void resetFake() {
        ANTHROPIC.reset();
    }


    // ---- the scenarios

    @Test
    void twoLevelDelegationWritesALinkedTraceTreeAndStreamsEveryAgent() {
        String user = newUser(agent("boss", "[delegate]", "", "BOSS PROMPT: plan and delegate."),
                agent("mid", "[delegate]", "", "MID PROMPT: break it down."),
                agent("leaf", "[]", "", "LEAF PROMPT: do one thing."));
        ANTHROPIC.respondWith(byPrompt(Map.of(
                "BOSS PROMPT", r -> hasToolResult(r) ? FakeReply.text("Boss final answer.").usage(100, 7)
                        : delegate("mid", "Plan the trip in detail").usage(100, 7),
                "MID PROMPT", r -> hasToolResult(r) ? FakeReply.text("Mid answer.").usage(100, 7)
                        : delegate("leaf", "Book the train").usage(100, 7),
                "LEAF PROMPT", r -> FakeReply.text("Leaf answer: booked.").usage(100, 7))));

        List<Event> events = run(user, "boss", "Organise a trip");

        Event done = last(events, "done");
        assertThat(done.data().get("outcome").asString()).isEqualTo("ok");
        assertThat(done.data().get("answer").asString()).isEqualTo("Boss final answer.");
        assertThat(done.data().get("agents").asInt()).isEqualTo(3);
        String runId = first(events, "run").data().get("run_id").asString();
        List<Event> starts = named(events, "agent");
        assertThat(starts).extracting(e -> e.data().get("agent").asString()).containsExactly("boss", "mid", "leaf");
        assertThat(starts).extracting(e -> e.data().get("depth").asInt()).containsExactly(0, 1, 2);
        assertThat(starts.get(0).data().get("trace_id").asString()).isEqualTo(runId);
        assertThat(starts.get(1).data().get("parent_trace_id").asString()).isEqualTo(runId);
        assertThat(starts.get(2).data().get("parent_trace_id").asString())
                .isEqualTo(starts.get(1).data().get("trace_id").asString());
        assertThat(starts.get(2).data().get("task").asString()).isEqualTo("Book the train");
        assertThat(named(events, "agent_done")).extracting(e -> e.data().get("outcome").asString()).containsOnly("ok").hasSize(3);
        assertThat(named(events, "delta")).anyMatch(e -> e.data().get("agent").asString().equals("leaf")
                && e.data().get("trace_id").asString().equals(starts.get(2).data().get("trace_id").asString()));

        // Each parent got its child's answer back as a tool result.
        assertThat(requestsFor("MID PROMPT")).anyMatch(r -> r.body().contains("tool_result") && r.body().contains("Leaf answer: booked."));
        assertThat(requestsFor("BOSS PROMPT")).anyMatch(r -> r.body().contains("tool_result") && r.body().contains("Mid answer."));
        // The boss was offered delegate and told whom it may delegate to; the leaf was offered no tools.
        RecordedRequest bossFirst = requestsFor("BOSS PROMPT").get(0);
        assertThat(bossFirst.json().get("tools").get(0).get("name").asString()).isEqualTo("delegate");
        assertThat(bossFirst.body()).contains("- mid: ").contains("- leaf: ");
        assertThat(requestsFor("LEAF PROMPT").get(0).json().path("tools").isMissingNode()
                || requestsFor("LEAF PROMPT").get(0).json().path("tools").isEmpty()).isTrue();

        // The tree in git: three traces of the run, linked by parent_trace_id.
        Map<String, JsonNode> traces = tracesInGit(user, runId);
        assertThat(traces).hasSize(3);
        JsonNode boss = traces.get(runId);
        assertThat(boss.get("agent").asString()).isEqualTo("boss");
        assertThat(boss.has("parent_trace_id")).isFalse();
        JsonNode mid = byAgent(traces, "mid");
        JsonNode leaf = byAgent(traces, "leaf");
        assertThat(mid.get("parent_trace_id").asString()).isEqualTo(runId);
        assertThat(leaf.get("parent_trace_id").asString()).isEqualTo(mid.get("id").asString());
        assertThat(leaf.get("request").asString()).isEqualTo("Book the train");
        assertThat(leaf.get("response").asString()).isEqualTo("Leaf answer: booked.");
        assertThat(traces.values()).allSatisfy(t -> {
            assertThat(t.get("run_id").asString()).isEqualTo(runId);
            assertThat(t.get("outcome").asString()).isEqualTo("ok");
            assertThat(t.get("source").asString()).isEqualTo("agent");
        });

        // GET /runs/{id}: the same tree, with totals over the five model calls.
        JsonNode tree = http().get("/runs/" + runId + "?user_id=" + user).json();
        assertThat(tree.get("status").asString()).isEqualTo("ok");
        assertThat(tree.get("root").get("agent").asString()).isEqualTo("boss");
        assertThat(tree.get("root").get("children").get(0).get("agent").asString()).isEqualTo("mid");
        assertThat(tree.get("root").get("children").get(0).get("children").get(0).get("agent").asString()).isEqualTo("leaf");
        assertThat(tree.get("totals").get("agents").asInt()).isEqualTo(3);
        assertThat(tree.get("totals").get("input_tokens").asLong()).isEqualTo(500);
        assertThat(tree.get("totals").get("output_tokens").asLong()).isEqualTo(35);
        assertThat(done.data().get("usage").get("input_tokens").asLong()).isEqualTo(500);

        // Someone else asking for it gets a 404, the same as for a run that does not exist.
        assertThat(http().get("/runs/" + runId + "?user_id=" + newUser()).status()).isEqualTo(404);

        // The chat screen's list: the run is one entry apart from chats (not one per agent), titled by its task.
        JsonNode listed = http().get("/conversations?user_id=" + user).json().get("conversations");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("kind").asString()).isEqualTo("agent");
        assertThat(listed.get(0).get("conversation_id").asString()).isEqualTo(runId);
        assertThat(listed.get(0).get("title").asString()).isEqualTo("boss: Organise a trip");
        assertThat(listed.get(0).get("turns").asInt()).isEqualTo(3);
        assertThat(http().get("/conversations?kind=chat&user_id=" + user).json().get("total").asInt()).isZero();
        // A run tree's "trace" link opens one agent's trace on its own, with the run it belongs to.
        String leafTrace = traces.entrySet().stream().filter(e -> e.getValue().get("agent").asString().equals("leaf"))
                .map(java.util.Map.Entry::getKey).findFirst().orElseThrow();
        JsonNode step = http().get("/conversations/" + leafTrace + "?user_id=" + user).json();
        assertThat(step.at("/conversation/run_id").asString()).isEqualTo(runId);
        assertThat(step.get("turns")).hasSize(1);
        assertThat(step.at("/turns/0/turn/trace/response").asString()).isEqualTo("Leaf answer: booked.");
    }

    @Test
    void theShippedOrchestratorDelegatesToTheShippedResearcherAndReviewer() {
        String user = newUser();
        ANTHROPIC.respondWith(byPrompt(Map.of(
                "You are the orchestrator of a small team", r -> hasToolResult(r) ? FakeReply.text("Use PostgreSQL.")
                        : delegate("researcher", "Compare SQLite and PostgreSQL for a small team").andToolUse(
                                "tu_" + TOOL_IDS.incrementAndGet(), "delegate",
                                "{\"agent\":\"reviewer\",\"task\":\"Review this schema: tasks(id, title)\"}"),
                "You are a careful researcher", r -> FakeReply.text("PostgreSQL, for concurrent writers."),
                "You are a reviewer", r -> FakeReply.text("Add a created_at column."))));

        List<Event> events = run(user, "orchestrator", "Pick a database and check my schema");

        assertThat(last(events, "done").data().get("answer").asString()).isEqualTo("Use PostgreSQL.");
        assertThat(named(events, "agent")).extracting(e -> e.data().get("agent").asString())
                .containsExactlyInAnyOrder("orchestrator", "researcher", "reviewer");
        RecordedRequest first = requestsFor("You are the orchestrator of a small team").get(0);
        assertThat(first.json().get("tools").toString()).contains("delegate").contains("search_skills");
        assertThat(system(first)).contains("- coder: ").contains("- researcher: ").contains("- reviewer: ");
        // The researcher and reviewer may load and search skills, not delegate.
        assertThat(requestsFor("You are a careful researcher").get(0).json().get("tools").toString())
                .contains("load_skill").doesNotContain("delegate");
    }

    @Test
    void independentSubAgentsRunInParallel() {
        String user = newUser(agent("lead", "[delegate]", "", "LEAD PROMPT"),
                agent("alpha", "[]", "", "ALPHA PROMPT"), agent("beta", "[]", "", "BETA PROMPT"));
        // Each sub-agent's request is held open until both have arrived: only parallel calls can pass.
        CountDownLatch bothOpen = new CountDownLatch(2);
        Function<RecordedRequest, FakeReply> held = r -> {
            bothOpen.countDown();
            try {
                return FakeReply.text(bothOpen.await(20, TimeUnit.SECONDS) ? "in parallel" : "one at a time");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return FakeReply.text("interrupted");
            }
        };
        ANTHROPIC.respondWith(byPrompt(Map.of(
                "LEAD PROMPT", r -> hasToolResult(r) ? FakeReply.text("Both done.")
                        : delegate("alpha", "part one").andToolUse("tu_" + TOOL_IDS.incrementAndGet(), "delegate",
                                "{\"agent\":\"beta\",\"task\":\"part two\"}"),
                "ALPHA PROMPT", held, "BETA PROMPT", held)));

        List<Event> events = run(user, "lead", "Do two things");

        assertThat(last(events, "done").data().get("outcome").asString()).isEqualTo("ok");
        List<Event> subs = named(events, "agent_done").stream().filter(e -> e.data().get("depth").asInt() == 1).toList();
        assertThat(subs).extracting(e -> e.data().get("agent").asString()).containsExactlyInAnyOrder("alpha", "beta");
        assertThat(subs).extracting(e -> e.data().get("answer").asString()).containsOnly("in parallel");
        // Both results went back in one user turn, in the order the model asked.
        RecordedRequest second = requestsFor("LEAD PROMPT").get(1);
        JsonNode results = second.json().get("messages").get(2).get("content");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("type").asString()).isEqualTo("tool_result");
        String runId = first(events, "run").data().get("run_id").asString();
        assertThat(tracesInGit(user, runId).values()).extracting(t -> t.path("parent_trace_id").asString(""))
                .containsExactlyInAnyOrder("", runId, runId);
    }

    @Test
    void hittingTheStepLimitEndsTheRunCleanlyWithWhatWasDone() {
        String user = newUser(agent("looper", "[delegate]", "max_steps: 2\n", "LOOPER PROMPT"),
                agent("helper", "[]", "", "HELPER PROMPT"));
        ANTHROPIC.respondWith(byPrompt(Map.of(
                "LOOPER PROMPT", r -> delegate("helper", "one more piece"),
                "HELPER PROMPT", r -> FakeReply.text("a finished piece"))));

        List<Event> events = run(user, "looper", "Keep going");

        Event limit = first(events, "limit");
        assertThat(limit.data().get("limit").asString()).isEqualTo("steps");
        assertThat(limit.data().get("agent").asString()).isEqualTo("looper");
        Event done = last(events, "done");
        assertThat(done.data().get("outcome").asString()).isEqualTo("limit");
        assertThat(done.data().get("limit").asString()).isEqualTo("steps");
        assertThat(done.data().get("answer").asString()).contains("Results gathered before stopping").contains("a finished piece");
        assertThat(requestsFor("LOOPER PROMPT")).hasSize(2);
        String runId = first(events, "run").data().get("run_id").asString();
        Map<String, JsonNode> traces = tracesInGit(user, runId);
        assertThat(traces).hasSize(3);
        assertThat(traces.get(runId).get("outcome").asString()).isEqualTo("limit");
        assertThat(traces.get(runId).get("error").asString()).contains("step limit");
        assertThat(http().get("/runs/" + runId + "?user_id=" + user).json().get("status").asString()).isEqualTo("limit");
    }

    @Test
    void aFailingSubAgentBecomesAnErrorToolResultAndTheParentStillAnswers() {
        String user = newUser(agent("chief", "[delegate]", "", "CHIEF PROMPT"),
                agent("steady", "[]", "", "STEADY PROMPT"), agent("broken", "[]", "", "BROKEN PROMPT"));
        ANTHROPIC.respondWith(byPrompt(Map.of(
                "CHIEF PROMPT", r -> hasToolResult(r) ? FakeReply.text("Answered with what worked.")
                        : delegate("steady", "the easy part").andToolUse("tu_" + TOOL_IDS.incrementAndGet(), "delegate",
                                "{\"agent\":\"broken\",\"task\":\"the hard part\"}"),
                "STEADY PROMPT", r -> FakeReply.text("easy part done"),
                "BROKEN PROMPT", r -> FakeReply.error(500, "api_error", "upstream exploded"))));

        List<Event> events = run(user, "chief", "Do both parts");

        Event done = last(events, "done");
        assertThat(done.data().get("outcome").asString()).isEqualTo("ok");
        assertThat(done.data().get("answer").asString()).isEqualTo("Answered with what worked.");
        JsonNode results = requestsFor("CHIEF PROMPT").get(1).json().get("messages").get(2).get("content");
        assertThat(results.get(0).path("is_error").asBoolean(false)).isFalse();
        assertThat(results.get(1).get("is_error").asBoolean()).isTrue();
        assertThat(results.get(1).toString()).contains("broken").contains("failed");
        Event brokenDone = named(events, "agent_done").stream().filter(e -> e.data().get("agent").asString().equals("broken"))
                .findFirst().orElseThrow();
        assertThat(brokenDone.data().get("outcome").asString()).isEqualTo("error");
        String runId = first(events, "run").data().get("run_id").asString();
        JsonNode broken = byAgent(tracesInGit(user, runId), "broken");
        assertThat(broken.get("outcome").asString()).isEqualTo("error");
        assertThat(broken.get("error").asString()).contains("upstream_error");
        JsonNode tree = http().get("/runs/" + runId + "?user_id=" + user).json();
        assertThat(tree.get("totals").get("outcomes").get("error").asInt()).isEqualTo(1);
        assertThat(tree.get("totals").get("outcomes").get("ok").asInt()).isEqualTo(2);
    }

    @Test
    void cancellingARunStopsEverySubAgentsModelCall() throws Exception {
        String user = newUser(agent("captain", "[delegate]", "", "CAPTAIN PROMPT"),
                agent("slow-a", "[]", "", "SLOW A PROMPT"), agent("slow-b", "[]", "", "SLOW B PROMPT"));
        FakeReply slow = FakeReply.text("x".repeat(400)).deltas(400).delayPerDelta(Duration.ofMillis(50));
        ANTHROPIC.respondWith(byPrompt(Map.of(
                "CAPTAIN PROMPT", r -> hasToolResult(r) ? FakeReply.text("should not be asked")
                        : delegate("slow-a", "slow one").andToolUse("tu_" + TOOL_IDS.incrementAndGet(), "delegate",
                                "{\"agent\":\"slow-b\",\"task\":\"slow two\"}"),
                "SLOW A PROMPT", r -> slow, "SLOW B PROMPT", r -> slow)));

        LinkedBlockingQueue<Event> stream = new LinkedBlockingQueue<>();
        Thread reader = startRun(user, "captain", "Take your time", stream);
        String runId = null;
        int deltasFromSubAgents = 0;
        List<Event> seen = new ArrayList<>();
        while (deltasFromSubAgents < 10) { // both sub-agents are streaming
            Event e = stream.poll(30, TimeUnit.SECONDS);
            assertThat(e).as("an event before the hang guard").isNotNull();
            seen.add(e);
            if (e.name().equals("run")) {
                runId = e.data().get("run_id").asString();
            }
            if (e.name().equals("delta") && !e.data().get("agent").asString().equals("captain")) {
                deltasFromSubAgents++;
            }
        }
        assertThat(requestsFor("SLOW A PROMPT")).hasSize(1);
        assertThat(requestsFor("SLOW B PROMPT")).hasSize(1);

        // While it runs: the tree says so; nothing has finished, so there is no root yet.
        JsonNode running = http().get("/runs/" + runId + "?user_id=" + user).json();
        assertThat(running.get("status").asString()).isEqualTo("running");
        assertThat(running.get("agent").asString()).isEqualTo("captain");
        assertThat(running.get("root").isNull()).isTrue();
        assertThat(running.get("totals").get("agents").asInt()).isZero();
        assertThat(http().get("/runs/" + runId + "?user_id=" + OTHER_USER).status()).isEqualTo(404);

        assertThat(http().post("/runs/" + runId + "/cancel?user_id=" + OTHER_USER, "{}").status()).isEqualTo(404);
        Http.Reply cancel = http().post("/runs/" + runId + "/cancel?user_id=" + user, "{}");
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);

        while (seen.stream().noneMatch(e -> e.name().equals("done"))) {
            Event e = stream.poll(30, TimeUnit.SECONDS);
            assertThat(e).as("the run ends after the cancel").isNotNull();
            seen.add(e);
        }
        reader.join(30_000);
        assertThat(last(seen, "done").data().get("outcome").asString()).isEqualTo("cancelled");
        // Both sub-agents' upstream streams were closed from our side, long before their 20 s were up.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ANTHROPIC.disconnects() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ANTHROPIC.disconnects()).isGreaterThanOrEqualTo(2);
        assertThat(requestsFor("CAPTAIN PROMPT")).hasSize(1); // no further step after the cancel
        Map<String, JsonNode> traces = tracesInGit(user, runId);
        assertThat(traces).hasSize(3);
        assertThat(traces.values()).extracting(t -> t.get("outcome").asString()).containsOnly("cancelled");
        assertThat(http().post("/runs/" + runId + "/cancel?user_id=" + user, "{}").status()).isEqualTo(404);
    }

    @Test
    void closingTheStreamCancelsTheRun() throws Exception {
        String user = newUser(agent("skipper", "[delegate]", "", "SKIPPER PROMPT"), agent("drifter", "[]", "", "DRIFTER PROMPT"));
        ANTHROPIC.respondWith(byPrompt(Map.of(
                "SKIPPER PROMPT", r -> hasToolResult(r) ? FakeReply.text("should not be asked") : delegate("drifter", "drift"),
                "DRIFTER PROMPT", r -> FakeReply.text("y".repeat(400)).deltas(400).delayPerDelta(Duration.ofMillis(50)))));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/agents/skipper/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"" + user + "\",\"task\":\"go\"}")).build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        String runId = null;
        int drifterDeltas = 0;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null && drifterDeltas < 5; line = lines.readLine()) {
                if (line.startsWith("data:") && runId == null) {
                    runId = Http.JSON.readTree(line.substring(5).strip()).get("run_id").asString();
                }
                if (line.startsWith("data:") && line.contains("\"agent\":\"drifter\"") && line.contains("\"text\"")) {
                    drifterDeltas++;
                }
            }
        } // the client goes away mid-run
        assertThat(drifterDeltas).isEqualTo(5);

        // The server notices at its next write, cancels the run, and the sub-agent's upstream stream is closed.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Map<String, JsonNode> traces = Map.of();
        while ((ANTHROPIC.disconnects() < 1 || traces.size() < 2) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            traces = tracesInGit(user, runId);
        }
        assertThat(ANTHROPIC.disconnects()).isGreaterThanOrEqualTo(1);
        assertThat(traces).hasSize(2);
        assertThat(traces.values()).extracting(t -> t.get("outcome").asString()).containsOnly("cancelled");
        assertThat(requestsFor("SKIPPER PROMPT")).hasSize(1);
    }

    @Test
    void aChatCanRunThroughAnAgent() {
        String user = newUser(agent("helper", "[]", "", "HELPER VIA CHAT"));
        ANTHROPIC.respondWith(byPrompt(Map.of("HELPER VIA CHAT", r -> FakeReply.text("helped"))));
        Http.Reply reply = http().post("/chat/stream", "{\"user_id\":\"" + user + "\",\"message\":\"help me\",\"agent\":\"helper\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<Event> events = ChatServer.events(reply.body());
        assertThat(events.get(0).name()).isEqualTo("run");
        Event done = last(events, "done");
        assertThat(done.data().get("answer").asString()).isEqualTo("helped");
        assertThat(tracesInGit(user, done.data().get("run_id").asString())).hasSize(1);
        assertThat(requestsFor("HELPER VIA CHAT").get(0).json().get("messages").get(0).toString()).contains("help me");

        Http.Reply plain = http().post("/chat", "{\"user_id\":\"" + user + "\",\"message\":\"help me\",\"agent\":\"helper\"}");
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.json().get("field").asString()).isEqualTo("agent");
    }

    @Test
    void listsAgentsWithTheUsersOverTheSystemsAndRefusesUnknownOnes() {
        String user = newUser(agent("researcher", "[]", "", "MY OWN RESEARCHER"));
        JsonNode list = http().get("/agents?user_id=" + user).json();
        List<String> names = new ArrayList<>();
        list.get("agents").forEach(a -> names.add(a.get("name").asString()));
        assertThat(names).contains("orchestrator", "researcher", "coder", "reviewer");
        assertThat(list.get("provider").asString()).isEqualTo("anthropic");
        assertThat(list.get("tools_supported").asBoolean()).isTrue();
        JsonNode researcher = http().get("/agents/researcher?user_id=" + user).json();
        assertThat(researcher.get("volume").asString()).isEqualTo("users/" + user);
        assertThat(researcher.get("prompt").asString()).isEqualTo("MY OWN RESEARCHER");
        JsonNode orchestrator = http().get("/agents/orchestrator?user_id=" + user).json();
        assertThat(orchestrator.get("volume").asString()).isEqualTo("system");
        assertThat(orchestrator.get("tools").toString()).contains("delegate");

        Http.Reply written = http().put("/agents/scout", "{\"user_id\":\"" + user + "\",\"content\":"
                + "\"---\\ndescription: Scouts ahead.\\ntools: [search_skills]\\nmax_steps: 2\\n---\\nLook around.\\n\"}");
        assertThat(written.status()).as(written.body()).isEqualTo(201);
        assertThat(written.json().get("agent").get("volume").asString()).isEqualTo("users/" + user);
        assertThat(volumes.open(VolumeId.user(user)).snapshot().read("agents/scout.md")).isPresent();
        assertThat(http().get("/agents/scout?user_id=" + user).json().get("max_steps").asInt()).isEqualTo(2);
        Http.Reply invalid = http().put("/agents/scout", "{\"user_id\":\"" + user + "\",\"content\":"
                + "\"---\\ntools: [shell]\\n---\\nx\\n\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("errors").toString()).contains("description").contains("shell");
        assertThat(http().get("/agents/scout?user_id=" + user).json().get("max_steps").asInt()).as("unchanged").isEqualTo(2);

        Http.Reply missing = http().post("/agents/nobody/run", "{\"user_id\":\"" + user + "\",\"task\":\"x\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        Http.Reply empty = http().post("/agents/orchestrator/run", "{\"user_id\":\"" + user + "\",\"task\":\" \"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("field").asString()).isEqualTo("task");
        assertThat(ANTHROPIC.requestCount()).isZero();
    }

    // ---- helpers

    private Http http() {
        return new Http(port);
    }

    private static String agent(String name, String tools, String extra, String prompt) {
        return "agents/" + name + ".md\n---\nname: " + name + "\ndescription: Test agent " + name + "\ntools: " + tools
                + "\n" + extra + "---\n" + prompt + "\n";
    }

    /** A fresh user whose volume holds the given agents (each "path\ncontent"). */
    private String newUser(String... agents) {
        String user = "agent-user-" + USERS.incrementAndGet();
        List<FileChange> files = new ArrayList<>();
        for (String a : agents) {
            int nl = a.indexOf('\n');
            files.add(new FileChange.Put(a.substring(0, nl), a.substring(nl + 1).getBytes(StandardCharsets.UTF_8)));
        }
        volumes.open(VolumeId.user(user)).commit(Author.user(user), "Test agents", files.isEmpty()
                ? List.of(new FileChange.Put("README.md", "x".getBytes(StandardCharsets.UTF_8))) : files);
        return user;
    }

    private static FakeReply delegate(String agent, String task) {
        return FakeReply.toolUse("tu_" + TOOL_IDS.incrementAndGet(), "delegate",
                "{\"agent\":\"" + agent + "\",\"task\":\"" + task + "\"}");
    }

    private static Function<RecordedRequest, FakeReply> byPrompt(Map<String, Function<RecordedRequest, FakeReply>> byMarker) {
        return r -> {
            String system = system(r);
            for (var e : byMarker.entrySet()) {
                if (system.contains(e.getKey())) {
                    return e.getValue().apply(r);
                }
            }
            return FakeReply.error(400, "invalid_request_error", "the test fake has no reply for this prompt");
        };
    }

    private static String system(RecordedRequest r) {
        StringBuilder out = new StringBuilder();
        JsonNode system = r.json().path("system");
        if (system.isString()) {
            return system.asString();
        }
        system.forEach(b -> out.append(b.path("text").asString("")).append('\n'));
        return out.toString();
    }

    private static boolean hasToolResult(RecordedRequest r) {
        return r.body().contains("\"tool_result\"");
    }

    private static List<RecordedRequest> requestsFor(String marker) {
        return ANTHROPIC.requests().stream().filter(r -> system(r).contains(marker)).toList();
    }

    private List<Event> run(String user, String agent, String task) {
        Http.Reply reply = http().post("/agents/" + agent + "/run", "{\"user_id\":\"" + user + "\",\"task\":\"" + task + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/event-stream");
        List<Event> events = ChatServer.events(reply.body());
        assertThat(events).as(reply.body()).isNotEmpty();
        assertThat(events.get(0).name()).isEqualTo("run");
        assertThat(named(events, "error")).as(reply.body()).isEmpty();
        return events;
    }

    /** Streams a run on a background thread, putting each event in {@code sink} as it arrives. */
    private Thread startRun(String user, String agent, String task, LinkedBlockingQueue<Event> sink) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/agents/" + agent + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"" + user + "\",\"task\":\"" + task + "\"}"))
                .build();
        Thread t = new Thread(() -> {
            try {
                HttpClient client = HttpClient.newHttpClient();
                HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
                String name = null;
                for (String line : (Iterable<String>) response.body()::iterator) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:") && name != null) {
                        sink.add(new Event(name, Http.JSON.readTree(line.substring(5).strip())));
                    }
                }
            } catch (Exception e) {
                sink.add(new Event("client-error", Http.JSON.createObjectNode().put("message", String.valueOf(e))));
            }
        }, "agent-run-client");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static List<Event> named(List<Event> events, String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    private static Event first(List<Event> events, String name) {
        return named(events, name).stream().findFirst().orElseThrow(() -> new AssertionError("no " + name + " event in " + events));
    }

    private static Event last(List<Event> events, String name) {
        List<Event> all = named(events, name);
        assertThat(all).as("%s events", name).isNotEmpty();
        return all.get(all.size() - 1);
    }

    /** The run's traces as committed to the user's volume, by trace id. */
    private Map<String, JsonNode> tracesInGit(String user, String runId) {
        Snapshot head = volumes.open(VolumeId.user(user)).snapshot();
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        for (Snapshot.Entry e : head.files("traces")) {
            JsonNode t = Http.JSON.readTree(head.read(e));
            if (runId.equals(t.path("run_id").asString(null))) {
                out.put(t.get("id").asString(), t);
            }
        }
        return out;
    }

    private static JsonNode byAgent(Map<String, JsonNode> traces, String agent) {
        return traces.values().stream().filter(t -> agent.equals(t.path("agent").asString(null))).findFirst()
                .orElseThrow(() -> new AssertionError("no trace of " + agent + " in " + traces.keySet()));
    }
}
