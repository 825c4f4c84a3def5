package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.llm.FakeOpenAiServer;
import dev.llmos.llm.FakeReply;
import dev.llmos.llm.RecordedRequest;
import tools.jackson.databind.JsonNode;

/**
 * The real Claude Code CLI on a local model: LLMos has only an OpenAI-compatible upstream (the fake,
 * standing for Ollama or vLLM), so Claude Code's Anthropic requests are translated to Chat Completions and
 * the answers back, tool loop included.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClaudeCodeLocalModelTests {

    static final FakeOpenAiServer OPENAI = FakeOpenAiServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-claude-local-");
    static final Path CLIENTS = Path.of("clients").toAbsolutePath();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.offline(registry, VOLUMES);
        registry.add("LLMOS_OPENAI_BASE_URL", OPENAI::baseUrl);
        registry.add("LLMOS_OPENAI_MODEL", () -> "qwen3-coder");
    }

    @LocalServerPort
    int port;

    @Test
    void claudeCodeWorksOnALocalModelToolLoopIncluded() throws Exception {
        OPENAI.enqueue(FakeReply.toolUse("call_1", "Bash", "{\"command\":\"echo local-tool-ran\",\"description\":\"say it\"}"),
                FakeReply.text("Fibonacci, from a local model."));
        ClaudeCodeCli cli = ClaudeCodeCli.install(CLIENTS, "http://127.0.0.1:" + port, "local");
        CliRun run = cli.prompt("Write a Python function to calculate Fibonacci numbers", Map.of(), "--allowedTools", "Bash");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(Http.JSON.readTree(run.stdout()).path("result").asString()).isEqualTo("Fibonacci, from a local model.");

        List<RecordedRequest> calls = OPENAI.requests();
        assertThat(calls).hasSize(2);
        JsonNode first = calls.get(0).json();
        assertThat(first.path("model").asString()).as("a Claude model name means nothing here: the default").isEqualTo("qwen3-coder");
        assertThat(first.path("messages").get(0).path("content").asString()).contains("<skill id=\"python-coding\"");
        assertThat(first.path("tools").toString()).contains("\"name\":\"Bash\"");
        assertThat(first.path("stream").asBoolean()).isTrue();
        assertThat(calls.get(1).body()).contains("local-tool-ran").contains("\"tool_call_id\":\"call_1\"");
        System.out.println("claude-code on a local model: " + calls.size() + " chat.completions calls, tool result sent back, answer "
                + "relayed in " + run.millis() + " ms");
    }
}
