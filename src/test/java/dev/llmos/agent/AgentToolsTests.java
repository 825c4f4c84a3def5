package dev.llmos.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeReply;
import dev.llmos.llm.LlmSettings;
import dev.llmos.llm.PriceTable;
import dev.llmos.llm.RecordedRequest;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillEmbeddings;
import dev.llmos.skill.SkillSelector;
import dev.llmos.skill.SystemLibrary;
import dev.llmos.trace.SecretRedactor;
import dev.llmos.trace.Trace;
import dev.llmos.trace.TraceJournal;
import dev.llmos.trace.TraceReader;
import dev.llmos.volume.Author;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/** An agent's own skills and tools: pinned skills, search_skills, load_skill, and tools it was not given. */
class AgentToolsTests {

    @TempDir
    Path root;
    VolumeStore store;
    FakeAnthropicServer fake;
    SkillSelector selector;
    TraceReader reader;
    AgentRunner runner;

    @BeforeEach
    void open() {
        store = new VolumeStore(root);
        new SystemLibrary(store).seed();
        fake = FakeAnthropicServer.start();
        SkillCatalog skills = new SkillCatalog(store);
        selector = new SkillSelector(skills, SkillEmbeddings.disabled());
        reader = new TraceReader(store);
        TraceJournal journal = new TraceJournal(store, new SecretRedactor(List.of()), reader);
        var provider = LlmSettings.from(Map.of("ANTHROPIC_API_KEY", "sk-ant-test", "ANTHROPIC_BASE_URL", fake.baseUrl(),
                "LLMOS_LLM_MAX_RETRIES", "0")::get).provider();
        runner = new AgentRunner(new AgentCatalog(store, skills), skills, selector, provider, PriceTable.defaults(), journal,
                new AgentSettings(2, 8, 8, 100_000, Duration.ofMinutes(1), 4, 1024, 3, 8000), new ActiveRuns());
        store.open(VolumeId.user("ann")).commit(Author.user("ann"), "agents", List.of(
                new FileChange.Put("agents/pinned.md", ("---\ndescription: Has a pinned skill\nskills: [git-workflow]\n"
                        + "tools: [search_skills, load_skill]\n---\nPINNED PROMPT\n").getBytes(StandardCharsets.UTF_8))));
    }

    @AfterEach
    void close() {
        runner.close();
        selector.close();
        fake.close();
        store.close();
    }

    @Test
    void searchesLoadsAndRecordsSkillsAndRefusesToolsItWasNotGiven() {
        fake.enqueue(
                FakeReply.toolUse("tu_1", "search_skills", "{\"query\":\"review a pull request\"}"),
                FakeReply.toolUse("tu_2", "load_skill", "{\"name\":\"code-review\"}")
                        .andToolUse("tu_3", "delegate", "{\"agent\":\"coder\",\"task\":\"x\"}"),
                FakeReply.text("reviewed"));

        AgentRun run = runner.start(new AgentRunner.RunRequest("ann", null, "pinned", "Tell me about databases", null, null));
        AgentRunner.RunResult result = runner.execute(run, RunListener.NONE);

        assertThat(result.root().outcome()).isEqualTo("ok");
        List<RecordedRequest> calls = fake.requests();
        assertThat(calls).hasSize(3);
        // The pinned skill is in the prompt from the start, whatever the task.
        assertThat(calls.get(0).json().path("system").toString()).contains("<skill id=\\\"git-workflow\\\">");
        assertThat(calls.get(0).json().get("tools").toString()).contains("search_skills").contains("load_skill")
                .doesNotContain("\"delegate\"");
        var found = calls.get(1).json().get("messages").get(2).get("content").get(0);
        assertThat(found.toString()).contains("code-review");
        var results = calls.get(2).json().get("messages").get(4).get("content");
        assertThat(results.get(0).toString()).contains("# Code Review");
        assertThat(results.get(1).get("is_error").asBoolean()).isTrue();
        assertThat(results.get(1).toString()).contains("not available to this agent");

        Trace trace = reader.get("ann", result.runId()).trace();
        assertThat(trace.agent()).isEqualTo("pinned");
        assertThat(trace.skills()).extracting(Trace.SkillRef::id, Trace.SkillRef::reason)
                .contains(org.assertj.core.groups.Tuple.tuple("git-workflow", "pinned"),
                        org.assertj.core.groups.Tuple.tuple("code-review", "loaded"));
    }
}
