package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.access.Accounts;
import dev.llmos.access.Scope;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeOpenAiServer;
import dev.llmos.llm.FakeReply;
import dev.llmos.llm.RecordedRequest;
import tools.jackson.databind.JsonNode;

/**
 * The official npm SDKs ({@code clients/}: @anthropic-ai/sdk 1.x and 0.x, openai 6.x, the MCP SDK)
 * drive the real server in token mode, whose upstreams are fakes speaking the real wire formats. Then
 * the fakes' recorded requests show the skills were injected with the caller's own request intact, and
 * the traces show every call.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SdkCompatibilityTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final FakeOpenAiServer OPENAI = FakeOpenAiServer.start();
    static final String UPSTREAM_KEY = "sk-ant-upstream-key-0123456789abcdef";
    static final Path VOLUMES = TempVolumes.create("llmos-sdk-it-");
    static final Path CLIENTS = Path.of("clients").toAbsolutePath();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("llmos.volumes-path", VOLUMES::toString);
        registry.add("llmos.auth", () -> "token");
        registry.add("llmos.scan-interval", () -> "1h");
        registry.add("llmos.embeddings", () -> "false");
        registry.add("ANTHROPIC_API_KEY", () -> UPSTREAM_KEY);
        registry.add("ANTHROPIC_BASE_URL", ANTHROPIC::baseUrl);
        registry.add("LLMOS_ANTHROPIC_MODEL", () -> "claude-sonnet-4-6");
        registry.add("LLMOS_OPENAI_BASE_URL", OPENAI::baseUrl);
        registry.add("LLMOS_OPENAI_MODEL", () -> "llama3.2");
        registry.add("LLMOS_LLM_MAX_RETRIES", () -> "0");
    }

    @Test
    void officialSdksWorkThroughLlmosWithSkillsInjectedAndTraced() throws Exception {
        Accounts accounts = new Accounts(VOLUMES, Clock.systemUTC());
        accounts.addUser("sdk", false);
        String token = accounts.createToken("sdk", Scope.WRITE, "sdk tests").secret();
        Http http = new Http(port).bearer(token);
        var created = http.post("/skills", "{\"skill_id\":\"fib-canary\",\"name\":\"Fibonacci canary\","
                + "\"description\":\"Use when writing Fibonacci functions in Python\",\"content\":\"Always memoize. CANARY-FIB-7\","
                + "\"keywords\":[\"fibonacci\",\"python\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        // A first call through the plain HTTP client gives a trace to leave feedback on through MCP.
        var warm = http.with("anthropic-version", "2023-06-01").post("/v1/messages",
                "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(warm.status()).as(warm.body()).isEqualTo(200);
        String traceId = firstTraceId(http);

        ANTHROPIC.reset();
        ANTHROPIC.requireApiKey(UPSTREAM_KEY);
        // In the order of clients/anthropic.test.mjs
        ANTHROPIC.enqueue(FakeReply.text("Fibonacci, memoized.").usage(12, 3),
                FakeReply.text("Streaming the Fibonacci answer.").deltas(3).usage(20, 5, 100, 0),
                FakeReply.toolUse("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
                FakeReply.text("It is sunny in Paris."),
                FakeReply.rateLimited());
        OPENAI.reset();
        // In the order of clients/openai.test.mjs
        OPENAI.enqueue(FakeReply.text("Fibonacci, memoized.").usage(12, 3),
                FakeReply.text("Streaming the Fibonacci answer.").deltas(3).usage(20, 5),
                FakeReply.text("Plain stream.").deltas(2),
                FakeReply.toolUse("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                FakeReply.error(400, "invalid_request_error", "bad things"));

        String out = NodeClients.run(CLIENTS, Map.of("LLMOS_URL", "http://127.0.0.1:" + port, "LLMOS_TOKEN", token, "LLMOS_TRACE_ID", traceId),
                "anthropic.test.mjs", "openai.test.mjs", "mcp.test.mjs");
        assertThat(out).contains("# fail 0");
        assertThat(out).containsPattern("# pass (1[5-9]|[2-9]\\d)");

        // Anthropic: skills first in system with a cache breakpoint, the caller's system after, the rest untouched.
        List<RecordedRequest> sent = ANTHROPIC.requests();
        JsonNode first = sent.get(0).json();
        assertThat(first.path("system").get(0).path("text").asString()).contains("CANARY-FIB-7");
        assertThat(first.path("system").get(0).path("cache_control").path("type").asString()).isEqualTo("ephemeral");
        assertThat(first.path("system").get(1).path("text").asString()).isEqualTo("You are terse.");
        assertThat(first.path("stop_sequences").get(0).asString()).isEqualTo("END");
        assertThat(first.path("messages").get(0).path("content").get(0).path("type").asString()).isEqualTo("image");
        assertThat(sent.get(0).header("x-api-key")).isEqualTo(UPSTREAM_KEY);
        assertThat(sent.get(0).header("anthropic-version")).isEqualTo("2026-10-21");
        assertThat(sent.get(1).header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.stream().map(RecordedRequest::body)).noneMatch(b -> b.contains(token));
        JsonNode toolResult = sent.get(3).json();
        assertThat(toolResult.path("messages").get(2).path("content").get(0).path("type").asString()).isEqualTo("tool_result");
        assertThat(toolResult.path("tools").get(0).path("name").asString()).isEqualTo("get_weather");
        JsonNode optedOut = sent.get(sent.size() - 1).json();
        assertThat(optedOut.toString()).doesNotContain("CANARY-FIB-7");

        // OpenAI: a system message with the skills first, the caller's own after it.
        List<RecordedRequest> openAi = OPENAI.requests();
        JsonNode messages = openAi.get(0).json().path("messages");
        assertThat(messages.get(0).path("role").asString()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asString()).contains("CANARY-FIB-7");
        assertThat(messages.get(1).path("content").asString()).isEqualTo("Be brief.");
        assertThat(openAi.get(2).json().path("stream_options").path("include_usage").asBoolean()).isTrue();

        // Every model call is a trace (written just after the answer), with skills, usage and cost; a tool loop's
        // later calls (and a retry of the same request) are listed as steps of their turn.
        List<JsonNode> traces = TraceListing.everyCall(http, "", ANTHROPIC.requestCount() + OPENAI.requestCount() + 1);
        assertThat(traces).extracting(t -> t.path("source").asString()).contains("anthropic-messages", "openai-chat");
        JsonNode firstTrace = traces.stream()
                .filter(t -> t.path("response").asString().equals("Fibonacci, memoized.")
                        && t.path("source").asString().equals("anthropic-messages")).findFirst().orElseThrow();
        assertThat(firstTrace.path("skills").toString()).contains("fib-canary");
        assertThat(firstTrace.path("usage").path("input_tokens").asLong()).isEqualTo(12);
        assertThat(firstTrace.path("usage").path("output_tokens").asLong()).isEqualTo(3);
        assertThat(firstTrace.path("cost_usd").asDouble()).isPositive();
        assertThat(firstTrace.path("request").asString()).contains("Fibonacci");
        assertThat(traces).anyMatch(t -> "error".equals(t.path("outcome").asString())
                && t.path("error").asString().contains("429"));
    }

    private static String firstTraceId(Http http) throws InterruptedException {
        return TraceListing.everyCall(http, "", 1).get(0).path("id").asString();
    }
}
