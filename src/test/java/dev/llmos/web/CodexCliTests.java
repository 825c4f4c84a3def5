package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeLlmServer;
import dev.llmos.llm.FakeOpenAiServer;
import dev.llmos.llm.FakeReply;
import dev.llmos.llm.RecordedRequest;
import tools.jackson.databind.JsonNode;

/**
 * The real Codex CLI ({@code @openai/codex}, pinned in {@code clients/package.json}; it speaks only the
 * Responses API) through LLMos's {@code /v1/responses}, once to a Claude model (the fake Anthropic API) and
 * once to a local model (the fake OpenAI-compatible server): the answer comes back, the skills reached the
 * upstream, the exchange is a trace, and a tool call round-trips (Codex runs the command, the result goes
 * back upstream).
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CodexCliTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final FakeOpenAiServer OPENAI = FakeOpenAiServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-codex-");
    static final Path CLIENTS = Path.of("clients").toAbsolutePath();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.withFakeAnthropic(registry, VOLUMES, ANTHROPIC);
        registry.add("LLMOS_OPENAI_BASE_URL", OPENAI::baseUrl);
        registry.add("LLMOS_OPENAI_MODEL", () -> "llama3.2");
        registry.add("llmos.compat.local-user", () -> "coder");
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void reset() {
        ANTHROPIC.reset();
        OPENAI.reset();
    }

    @Test
    void codexOnClaude() throws Exception {
        runs(ANTHROPIC, "claude-sonnet-4-6", "anthropic");
    }

    @Test
    void codexOnALocalModel() throws Exception {
        runs(OPENAI, "llama3.2", "openai");
    }

    private void runs(FakeLlmServer upstream, String model, String provider) throws Exception {
        // A plain request: the answer, the skills upstream, the trace.
        upstream.enqueue(FakeReply.text("Here is fib(n), memoized."));
        Run plain = codex(model, "Write a Python function to calculate Fibonacci numbers");
        assertThat(plain.exitCode()).as(plain.output()).isZero();
        assertThat(plain.output()).contains("Here is fib(n), memoized.");
        RecordedRequest sent = upstream.lastRequest();
        assertThat(sent.body()).contains("<skill id=\\\"python-coding\\\"").contains("Write a Python function to calculate Fibonacci numbers");

        // A tool call: Codex runs it, and its output goes back upstream with the same skills.
        upstream.enqueue(FakeReply.toolUse("call_echo", "exec_command", "{\"cmd\":\"echo hello-from-codex\"}"),
                FakeReply.text("The command said hello."));
        String ask = "Run echo to say hello from " + provider;
        Run tool = codex(model, ask);
        assertThat(tool.exitCode()).as(tool.output()).isZero();
        assertThat(tool.output()).contains("hello-from-codex").contains("The command said hello.");
        List<RecordedRequest> calls = upstream.requests();
        RecordedRequest afterTool = calls.get(calls.size() - 1);
        assertThat(afterTool.body()).contains("hello-from-codex").contains("call_echo");

        JsonNode turn = AgentTrafficIntegrationTests.awaitTurn(new Http(port), "coder", ask, 1);
        JsonNode trace = turn.path("trace");
        assertThat(trace.path("source").asString()).isEqualTo("openai-responses");
        assertThat(trace.path("provider").asString()).isEqualTo(provider);
        assertThat(trace.path("turn").path("client").asString()).startsWith("codex_exec/");
        System.out.println("codex: on " + model + " the answer came back, skills reached the upstream, a tool call round-tripped ("
                + calls.size() + " upstream calls in all)");
    }

    private record Run(int exitCode, String output) {
    }

    /** {@code codex exec} headless with its own CODEX_HOME: a provider whose base_url is LLMos's /v1, wire_api responses. */
    private Run codex(String model, String prompt) throws Exception {
        NodeClients.install(CLIENTS);
        Path home = Files.createTempDirectory("llmos-codex-home-");
        Path work = Files.createTempDirectory("llmos-codex-work-");
        Files.writeString(home.resolve("config.toml"), """
                model = "%s"
                model_provider = "llmos"
                # LLMos refuses the hosted web_search tool it cannot translate (or set LLMOS_COMPAT_DROP_UNSUPPORTED=true)
                web_search = "disabled"

                [model_providers.llmos]
                name = "LLMos"
                base_url = "http://127.0.0.1:%d/v1"
                env_key = "LLMOS_TOKEN"
                wire_api = "responses"
                """.formatted(model, port));
        ProcessBuilder builder = new ProcessBuilder(CLIENTS.resolve("node_modules/.bin/codex").toString(), "exec",
                "--skip-git-repo-check", prompt).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("CODEX_HOME", home.toString());
        builder.environment().put("LLMOS_TOKEN", "local");
        builder.environment().remove("OPENAI_API_KEY");
        Path log = Files.createTempFile("llmos-codex-", ".log");
        builder.redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        boolean done = process.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Run(done ? process.exitValue() : -1, output);
    }
}
