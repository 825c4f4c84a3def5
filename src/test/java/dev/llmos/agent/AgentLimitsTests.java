package dev.llmos.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeReply;
import dev.llmos.llm.LlmSettings;
import dev.llmos.llm.PriceTable;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillEmbeddings;
import dev.llmos.skill.SkillSelector;
import dev.llmos.trace.SecretRedactor;
import dev.llmos.trace.Trace;
import dev.llmos.trace.TraceJournal;
import dev.llmos.trace.TraceReader;
import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Each run limit, hit on purpose, through the runner with a real Anthropic provider talking to the
 * fake upstream: the run ends cleanly, says which limit, and keeps what was done.
 */
class AgentLimitsTests {

    @TempDir
    Path root;
    VolumeStore store;
    FakeAnthropicServer fake;
    SkillSelector selector;
    TraceReader reader;
    TraceJournal journal;
    AgentCatalog agents;
    final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void open() {
        store = new VolumeStore(root);
        fake = FakeAnthropicServer.start();
        SkillCatalog skills = new SkillCatalog(store);
        selector = new SkillSelector(skills, SkillEmbeddings.disabled());
        reader = new TraceReader(store);
        journal = new TraceJournal(store, new SecretRedactor(List.of()), reader);
        agents = new AgentCatalog(store, skills);
        store.open(VolumeId.user("ann")).commit(Author.user("ann"), "agents", List.of(
                agent("boss", "[delegate]", "BOSS"), agent("mid", "[delegate]", "MID"), agent("worker", "[]", "WORKER")));
    }

    @AfterEach
    void close() {
        selector.close();
        fake.close();
        store.close();
    }

    private static FileChange agent(String name, String tools, String marker) {
        return new FileChange.Put("agents/" + name + ".md", ("---\ndescription: Test agent " + name + "\ntools: " + tools
                + "\n---\n" + marker + " PROMPT\n").getBytes(StandardCharsets.UTF_8));
    }

    private AgentRunner runner(AgentSettings settings) {
        var provider = LlmSettings.from(Map.of("ANTHROPIC_API_KEY", "sk-ant-test", "ANTHROPIC_BASE_URL", fake.baseUrl(),
                "LLMOS_LLM_MAX_RETRIES", "0")::get).provider();
        return new AgentRunner(agents, new SkillCatalog(store), selector, provider, PriceTable.defaults(), journal, settings,
                new ActiveRuns());
    }

    private static AgentSettings limits(int depth, int subagents, int steps, long tokens, Duration timeout) {
        return new AgentSettings(depth, subagents, steps, tokens, timeout, 4, 1024, 3, 4000);
    }

    private FakeReply delegate(String agent, String task) {
        return FakeReply.toolUse("tu_" + ids.incrementAndGet(), "delegate", "{\"agent\":\"" + agent + "\",\"task\":\"" + task + "\"}");
    }

    private static String system(dev.llmos.llm.RecordedRequest r) {
        return r.json().path("system").toString();
    }

    /** Everything the listener heard, as "event:detail" lines. */
    static final class Heard implements RunListener {
        final List<String> limits = new CopyOnWriteArrayList<>();

        @Override
        public void onLimit(String traceId, String agent, String limit, String detail) {
            limits.add(agent + ":" + limit);
        }
    }

    private AgentRunner.RunResult run(AgentRunner runner, String agent, Heard heard) {
        try (runner) {
            AgentRun run = runner.start(new AgentRunner.RunRequest("ann", null, agent, "the task", null, null));
            return runner.execute(run, heard);
        }
    }

    @Test
    void theTokenLimitStopsTheRunBeforeTheNextCall() {
        fake.respondWith(r -> system(r).contains("BOSS PROMPT") ? delegate("worker", "w").usage(600, 10)
                : FakeReply.text("worked").usage(600, 10));
        Heard heard = new Heard();
        AgentRunner.RunResult result = run(runner(limits(2, 8, 8, 1000, Duration.ofMinutes(1))), "boss", heard);

        assertThat(result.root().outcome()).isEqualTo("limit");
        assertThat(result.root().limit()).isEqualTo("tokens");
        assertThat(result.root().answer()).contains("worked"); // what the worker did is kept
        assertThat(heard.limits).containsExactly("boss:tokens");
        assertThat(fake.requestCount()).isEqualTo(2); // boss, worker; then 1220 tokens >= 1000: no third call
        assertThat(result.usage().inputTokens()).isEqualTo(1200);
    }

    @Test
    void theTimeLimitCancelsCallsInFlightAndEndsTheRun() {
        fake.respondWith(r -> system(r).contains("BOSS PROMPT") ? delegate("worker", "w")
                : FakeReply.text("z".repeat(300)).deltas(300).delayPerDelta(Duration.ofMillis(50)));
        Heard heard = new Heard();
        long start = System.nanoTime();
        AgentRunner.RunResult result = run(runner(limits(2, 8, 8, 100_000, Duration.ofMillis(800))), "boss", heard);

        assertThat(result.root().outcome()).isEqualTo("limit");
        assertThat(result.root().limit()).isEqualTo("time");
        assertThat(heard.limits).containsExactly("boss:time");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("hang guard: the worker's stream takes 15 s")
                .isLessThan(Duration.ofSeconds(10));
        List<Trace> traces = reader.run("ann", result.runId());
        assertThat(traces).extracting(Trace::outcome).containsOnly("limit");
        assertThat(traces).hasSize(2);
    }

    @Test
    void theSubAgentLimitRefusesFurtherDelegationsAndTheParentStillAnswers() {
        fake.respondWith(r -> {
            if (!system(r).contains("BOSS PROMPT")) {
                return FakeReply.text("done");
            }
            if (r.body().contains("tool_result")) {
                return FakeReply.text("answered with two of three");
            }
            return delegate("worker", "one").andToolUse("tu_a", "delegate", "{\"agent\":\"worker\",\"task\":\"two\"}")
                    .andToolUse("tu_b", "delegate", "{\"agent\":\"worker\",\"task\":\"three\"}");
        });
        Heard heard = new Heard();
        AgentRunner.RunResult result = run(runner(limits(2, 2, 8, 100_000, Duration.ofMinutes(1))), "boss", heard);

        assertThat(result.root().outcome()).isEqualTo("ok");
        assertThat(result.root().answer()).isEqualTo("answered with two of three");
        assertThat(result.agents()).isEqualTo(3);
        String second = fake.requests().stream().filter(r -> system(r).contains("BOSS PROMPT")).toList().get(1).body();
        assertThat(second).contains("sub-agent limit");
        assertThat(reader.run("ann", result.runId())).hasSize(3);
    }

    @Test
    void atTheDepthLimitAnAgentIsNotOfferedDelegateAndIsRefusedIfItTriesAnyway() {
        List<String> asked = new ArrayList<>();
        fake.respondWith(r -> {
            String s = system(r);
            if (s.contains("BOSS PROMPT")) {
                return r.body().contains("tool_result") ? FakeReply.text("boss done") : delegate("mid", "m");
            }
            asked.add(r.json().path("tools").toString());
            // mid is at depth 1 = the limit: it has no delegate tool, and a call to it anyway is refused.
            return r.body().contains("tool_result") ? FakeReply.text("mid done") : delegate("worker", "deeper");
        });
        AgentRunner.RunResult result = run(runner(limits(1, 8, 8, 100_000, Duration.ofMinutes(1))), "boss", new Heard());

        assertThat(result.root().outcome()).isEqualTo("ok");
        assertThat(result.agents()).isEqualTo(2);
        assertThat(asked.get(0)).doesNotContain("delegate");
        assertThat(fake.requests().stream().filter(r -> system(r).contains("MID PROMPT")).toList().get(1).body())
                .contains("not allowed this deep");
    }

    @Test
    void aModelThatCannotCallToolsIsRefusedBeforeAnythingRuns() {
        var offline = LlmSettings.none().provider();
        AgentRunner runner = new AgentRunner(agents, new SkillCatalog(store), selector, offline, PriceTable.defaults(), journal,
                AgentSettings.defaults(), new ActiveRuns());
        try (runner) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    runner.start(new AgentRunner.RunRequest("ann", null, "boss", "task", null, null)))
                    .isInstanceOf(ToolsUnsupportedException.class).hasMessageContaining("cannot");
        }
        assertThat(reader.list("ann", null, 10)).isEmpty();
    }
}
