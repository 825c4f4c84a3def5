package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeOpenAiServer;
import dev.llmos.llm.FakeReply;
import dev.llmos.llm.RecordedRequest;
import tools.jackson.databind.JsonNode;

/**
 * The official openai and @anthropic-ai/sdk packages ({@code clients/translation.test.mjs}) across the
 * translation, both ways, against the real server with both upstreams configured: Claude models go to the
 * fake Anthropic API, {@code llama3.2} to the fake OpenAI-compatible server, whatever protocol the client
 * speaks. Then what the fakes received shows the translated requests (skills injected in the upstream's
 * protocol, the caller's system prompt, tools, tool results, images) and the traces show every call.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TranslationSdkTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final FakeOpenAiServer OPENAI = FakeOpenAiServer.start();
    static final String UPSTREAM_KEY = "sk-ant-upstream-key-0123456789abcdef";
    static final Path VOLUMES = TempVolumes.create("llmos-translation-it-");
    static final Path CLIENTS = Path.of("clients").toAbsolutePath();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.offline(registry, VOLUMES);
        registry.add("ANTHROPIC_API_KEY", () -> UPSTREAM_KEY);
        registry.add("ANTHROPIC_BASE_URL", ANTHROPIC::baseUrl);
        registry.add("LLMOS_ANTHROPIC_MODEL", () -> "claude-sonnet-4-6");
        registry.add("LLMOS_OPENAI_BASE_URL", OPENAI::baseUrl);
        registry.add("LLMOS_OPENAI_MODEL", () -> "llama3.2");
        registry.add("LLMOS_LLM_MAX_RETRIES", () -> "0");
        registry.add("llmos.compat.local-user", () -> "translator");
    }

    @LocalServerPort
    int port;

    /** The fake's answer for the case the request names (its {@code user}, which translation carries across). */
    private static Function<RecordedRequest, FakeReply> byCase(Map<String, Function<String, FakeReply>> cases) {
        return request -> {
            String body = request.body();
            for (var c : cases.entrySet()) {
                if (body.contains("\"case-" + c.getKey() + "\"")) {
                    return c.getValue().apply(body);
                }
            }
            return null;
        };
    }

    @Test
    void theOfficialSdksWorkAcrossTheTranslationBothWays() throws Exception {
        ANTHROPIC.requireApiKey(UPSTREAM_KEY);
        ANTHROPIC.respondWith(byCase(Map.of(
                "text", b -> FakeReply.text("Claude says hi.").deltas(2).usage(30, 4, 0, 100),
                "tool", b -> FakeReply.toolUse("toolu_w1", "get_weather", "{\"city\":\"Paris\"}").toolInputDeltas(3),
                "result", b -> FakeReply.text("It is sunny."),
                "429", b -> FakeReply.rateLimited(),
                "followup", b -> FakeReply.text("Follow-up answered."))));
        OPENAI.respondWith(byCase(Map.of(
                "text", b -> FakeReply.text("Local says hi.").usage(40, 6),
                "tool", b -> FakeReply.toolUse("call_w1", "get_weather", b.contains("Rome") ? "{\"city\":\"Rome\"}" : "{\"city\":\"Oslo\"}"),
                "result", b -> FakeReply.text("It rains."),
                "500", b -> FakeReply.error(500, "server_error", "boom"))));

        String out = NodeClients.run(CLIENTS, Map.of("LLMOS_URL", "http://127.0.0.1:" + port), "translation.test.mjs");
        assertThat(out).contains("# fail 0").containsPattern("# pass 1[1-9]");

        // Chat Completions -> Anthropic: skills first with a cache breakpoint, the caller's system, sampling, LLMos's key.
        RecordedRequest text = ANTHROPIC.requests().stream().filter(r -> r.body().contains("\"case-text\"")).findFirst().orElseThrow();
        JsonNode first = text.json();
        assertThat(first.path("system").get(0).path("text").asString()).contains("<skill id=\"python-coding\"");
        assertThat(first.path("system").get(0).path("cache_control").path("type").asString()).isEqualTo("ephemeral");
        assertThat(first.path("system").get(1).path("text").asString()).isEqualTo("Be brief.");
        assertThat(first.path("max_tokens").asInt()).isEqualTo(200);
        assertThat(first.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(text.header("x-api-key")).isEqualTo(UPSTREAM_KEY);
        JsonNode result = only(ANTHROPIC.requests(), "\"case-result\"").json();
        assertThat(result.path("messages").get(1).path("content").get(0).path("type").asString()).isEqualTo("tool_use");
        assertThat(result.path("messages").get(2).path("content").get(0).path("tool_use_id").asString()).isEqualTo("toolu_abc");
        // previous_response_id: the earlier turn and its answer were sent again.
        JsonNode followup = only(ANTHROPIC.requests(), "\"case-followup\"").json();
        assertThat(followup.path("messages").toString()).contains("Write a Python").contains("Claude says hi.").contains("And in Java?");

        // Anthropic Messages -> Chat Completions: the skills as the first system message, the caller's after.
        JsonNode local = only(OPENAI.requests(), "\"case-text\"").json();
        assertThat(local.path("messages").get(0).path("content").asString()).contains("<skill id=\"sql-queries\"");
        assertThat(local.path("messages").get(1).toString()).isEqualTo("{\"role\":\"system\",\"content\":\"Be brief.\"}");
        JsonNode back = only(OPENAI.requests(), "Weather in Oslo?").json().path("messages");
        assertThat(back.toString()).contains("data:image/png;base64,iVBORw0KGgo=").contains("\"tool_call_id\":\"call_x\"");

        // Every call is traced, under the client's protocol, with the upstream that served it.
        List<JsonNode> traces = TraceListing.everyCall(new Http(port), "user_id=translator", 10);
        assertThat(traces).anyMatch(t -> t.path("source").asString().equals("openai-chat") && t.path("provider").asString().equals("anthropic"));
        assertThat(traces).anyMatch(t -> t.path("source").asString().equals("anthropic-messages") && t.path("provider").asString().equals("openai"));
        assertThat(traces).anyMatch(t -> t.path("source").asString().equals("openai-responses") && t.path("provider").asString().equals("anthropic")
                && t.path("request").asString().contains("Fibonacci"));
        assertThat(traces).anyMatch(t -> "error".equals(t.path("outcome").asString()) && t.path("error").asString().contains("429"));
    }

    private static RecordedRequest only(List<RecordedRequest> requests, String marker) {
        List<RecordedRequest> hits = requests.stream().filter(r -> r.body().contains(marker)).toList();
        assertThat(hits).as(marker).isNotEmpty();
        return hits.get(hits.size() - 1);
    }
}
