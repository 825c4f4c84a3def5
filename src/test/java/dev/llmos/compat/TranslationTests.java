package dev.llmos.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmos.turn.CapturedRequests;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Requests and answers between Anthropic Messages, Chat Completions and the Responses API, field by field. */
class TranslationTests {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String PNG = "iVBORw0KGgo=";

    private static ObjectNode json(String s) {
        return (ObjectNode) JSON.readTree(s);
    }

    private static Untranslatable refusing() {
        return new Untranslatable(false, "Anthropic Messages");
    }

    @Test
    void chatToAnthropicCarriesSystemImagesToolsCallsResultsAndSampling() {
        ObjectNode chat = json("""
                {"model":"claude-sonnet-4-6","max_tokens":300,"temperature":1.5,"top_p":0.9,"stop":"END","user":"u1",
                 "tool_choice":"required","parallel_tool_calls":false,
                 "messages":[{"role":"system","content":"Be terse."},
                  {"role":"user","content":[{"type":"text","text":"What is in it?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"look","arguments":"{\\"x\\":1}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"a cat"}],
                 "tools":[{"type":"function","function":{"name":"look","description":"Looks","parameters":{"type":"object","properties":{"x":{"type":"integer"}}}}}]}
                """.formatted(PNG));
        ObjectNode out = ConversationWriter.toAnthropic(ConversationReader.fromChat(chat, refusing()), "claude-sonnet-4-6", 4096, refusing());
        assertThat(out.path("system").get(0).path("text").asString()).isEqualTo("Be terse.");
        assertThat(out.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(out.path("temperature").asDouble()).as("OpenAI's 0-2 is Anthropic's 0-1").isEqualTo(1.0);
        assertThat(out.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(out.path("stop_sequences").get(0).asString()).isEqualTo("END");
        assertThat(out.path("metadata").path("user_id").asString()).isEqualTo("u1");
        assertThat(out.path("tool_choice").toString()).isEqualTo("{\"type\":\"any\",\"disable_parallel_tool_use\":true}");
        JsonNode messages = out.path("messages");
        assertThat(messages.get(0).path("content").get(1).path("source").path("data").asString()).isEqualTo(PNG);
        assertThat(messages.get(1).path("content").get(0).toString())
                .isEqualTo("{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"look\",\"input\":{\"x\":1}}");
        assertThat(messages.get(2).path("content").get(0).path("type").asString()).isEqualTo("tool_result");
        assertThat(messages.get(2).path("content").get(0).path("content").asString()).isEqualTo("a cat");
        assertThat(out.path("tools").get(0).path("input_schema").path("properties").has("x")).isTrue();
    }

    @Test
    void anthropicToChatCarriesSystemBlocksImagesToolUseAndResults() {
        ObjectNode messages = json("""
                {"model":"llama3.2","max_tokens":100,"system":[{"type":"text","text":"You help.","cache_control":{"type":"ephemeral"}}],
                 "stop_sequences":["STOP"],"thinking":{"type":"adaptive"},"tool_choice":{"type":"tool","name":"run"},
                 "messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}},
                                                       {"type":"text","text":"Run it"}]},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"s"},{"type":"text","text":"Running."},
                                                 {"type":"tool_use","id":"toolu_1","name":"run","input":{"cmd":"ls"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"a.txt"}]},
                                            {"type":"text","text":"and now?"}]}],
                 "tools":[{"name":"run","description":"Runs","input_schema":{"type":"object"}}]}
                """.formatted(PNG));
        ObjectNode out = ConversationWriter.toChat(ConversationReader.fromAnthropic(messages, refusing()), "llama3.2");
        JsonNode m = out.path("messages");
        assertThat(m.get(0).toString()).isEqualTo("{\"role\":\"system\",\"content\":\"You help.\"}");
        assertThat(m.get(1).path("content").get(0).path("image_url").path("url").asString()).isEqualTo("data:image/png;base64," + PNG);
        assertThat(m.get(2).path("content").asString()).isEqualTo("Running.");
        assertThat(m.get(2).path("tool_calls").get(0).path("function").path("arguments").asString()).isEqualTo("{\"cmd\":\"ls\"}");
        assertThat(m.get(3).toString()).isEqualTo("{\"role\":\"tool\",\"tool_call_id\":\"toolu_1\",\"content\":\"a.txt\"}");
        assertThat(m.get(4).path("content").asString()).isEqualTo("and now?");
        assertThat(out.path("stop").get(0).asString()).isEqualTo("STOP");
        assertThat(out.path("tool_choice").path("function").path("name").asString()).isEqualTo("run");
        assertThat(out.toString()).as("thinking is the model's own work, not carried").doesNotContain("hmm").doesNotContain("thinking");
    }

    @Test
    void codexsResponsesRequestBecomesAnthropicAndChatWithItsToolsFlattened() {
        CapturedRequests codex = CapturedRequests.load("codex-0.171.0-first-turn.json");
        ObjectNode body = (ObjectNode) codex.body().deepCopy();
        body.withArray("tools").removeIf(t -> t.path("type").asString("").equals("web_search"));
        body.withArray("tools").add(json("""
                {"type":"namespace","name":"crm","description":"CRM","tools":[{"type":"function","name":"lookup","parameters":{"type":"object"}}]}"""));
        body.withArray("input").add(json("{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"lookup\",\"namespace\":\"crm\",\"arguments\":\"{}\"}"));
        body.withArray("input").add(json("{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"found\"}"));
        body.withArray("input").add(json("{\"type\":\"reasoning\",\"id\":\"rs_1\",\"encrypted_content\":\"opaque\",\"summary\":[]}"));
        Conversation c = ConversationReader.fromResponses(body, null, refusing());
        assertThat(c.system()).hasSizeGreaterThanOrEqualTo(2).anyMatch(s -> s.startsWith("You are Codex"));
        assertThat(c.tools()).extracting(Conversation.Tool::wireName).contains("exec_command", "crm__lookup", "apply_patch");
        ObjectNode anthropic = ConversationWriter.toAnthropic(c, "claude-sonnet-4-6", 4096, refusing());
        String wire = anthropic.toString();
        assertThat(wire).contains("\"name\":\"crm__lookup\"").contains("It must follow this lark grammar").doesNotContain("opaque");
        JsonNode last = anthropic.path("messages").get(anthropic.path("messages").size() - 1);
        assertThat(last.path("content").get(0).path("type").asString()).isEqualTo("tool_result");
        ObjectNode chat = ConversationWriter.toChat(c, "llama3.2");
        assertThat(chat.path("messages").get(0).path("role").asString()).isEqualTo("system");
        assertThat(chat.path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void whatCannotBeTranslatedIsRefusedByNameOrDroppedWhenAllowed() {
        CapturedRequests codex = CapturedRequests.load("codex-0.171.0-first-turn.json");
        assertThatThrownBy(() -> ConversationReader.fromResponses(codex.body(), null, refusing()))
                .isInstanceOf(CompatException.class).hasMessageContaining("'web_search'")
                .satisfies(e -> assertThat(((CompatException) e).status()).isEqualTo(400));
        Untranslatable dropping = new Untranslatable(true, "Anthropic Messages");
        ConversationReader.fromResponses(codex.body(), null, dropping);
        assertThat(dropping.dropped()).containsExactly("tool:web_search");
        assertThatThrownBy(() -> ConversationReader.fromChat(json("{\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), refusing()))
                .hasMessageContaining("'n'");
    }

    @Test
    void anAnthropicStreamBecomesChatChunksWithToolCallsFinishAndUsage() {
        String chat = translateStream(Protocol.OPENAI, Protocol.ANTHROPIC, true, List.of(
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-x\",\"usage\":{\"input_tokens\":12,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}",
                "{\"type\":\"content_block_stop\",\"index\":0}",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"run\",\"input\":{}}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"1}\"}}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":7}}",
                "{\"type\":\"message_stop\"}"));
        List<JsonNode> chunks = dataOf(chat);
        assertThat(chunks.get(0).path("choices").get(0).path("delta").path("role").asString()).isEqualTo("assistant");
        assertThat(chat).contains("\"content\":\"Hi\"").contains("\"id\":\"toolu_9\"").contains("\"arguments\":\"{\\\"a\\\":\"")
                .contains("\"finish_reason\":\"tool_calls\"").endsWith("data: [DONE]\n\n");
        JsonNode usage = chunks.get(chunks.size() - 1).path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(112);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong()).isEqualTo(100);
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(7);
    }

    @Test
    void aChatStreamBecomesAnthropicEventsInOrder() {
        String anthropic = translateStream(Protocol.ANTHROPIC, Protocol.OPENAI, true, List.of(
                "{\"id\":\"c1\",\"model\":\"llama3.2\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Sure\"}}]}",
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"ls\",\"arguments\":\"\"}}]}}]}",
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}}]}",
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":4}}"));
        List<String> names = new ArrayList<>();
        for (String line : anthropic.split("\n")) {
            if (line.startsWith("event: ")) {
                names.add(line.substring(7));
            }
        }
        assertThat(names).containsExactly("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(anthropic).contains("\"stop_reason\":\"tool_use\"").contains("\"input_tokens\":30").contains("\"output_tokens\":4")
                .contains("\"name\":\"ls\"");
    }

    @Test
    void aResponsesStreamHasTheEventSequenceCodexParses() {
        Conversation.Tool patch = new Conversation.Tool("apply_patch", null, JSON.createObjectNode(), "custom", null);
        Conversation.Tool lookup = new Conversation.Tool("lookup", null, JSON.createObjectNode(), "function", "crm");
        ClientAnswers.Context context = new ClientAnswers.Context("resp_1", "gpt-x", true, false,
                Map.of("apply_patch", patch, "crm__lookup", lookup));
        String sse = translate(Protocol.RESPONSES, Protocol.ANTHROPIC, context, List.of(
                "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"claude-x\",\"usage\":{\"input_tokens\":5}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Patching\"}}",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"apply_patch\",\"input\":{}}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"input\\\":\\\"*** Begin\\\"}\"}}",
                "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t2\",\"name\":\"crm__lookup\",\"input\":{}}}",
                "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}",
                "{\"type\":\"message_stop\"}"));
        List<JsonNode> events = dataOf(sse);
        assertThat(events).extracting(e -> e.path("type").asString()).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done",
                "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence_number").asInt()).isEqualTo(i);
        }
        JsonNode completed = events.get(events.size() - 1).path("response");
        assertThat(completed.path("status").asString()).isEqualTo("completed");
        JsonNode output = completed.path("output");
        assertThat(output.get(1).path("type").asString()).isEqualTo("custom_tool_call");
        assertThat(output.get(1).path("input").asString()).isEqualTo("*** Begin");
        assertThat(output.get(2).path("name").asString()).isEqualTo("lookup");
        assertThat(output.get(2).path("namespace").asString()).isEqualTo("crm");
        assertThat(completed.path("usage").path("output_tokens").asInt()).isEqualTo(9);
    }

    @Test
    void wholeAnswersTranslateToo() {
        ClientAnswers.Context context = new ClientAnswers.Context("chatcmpl-1", "x", false, false, Map.of());
        Meter.Translating meter = new Meter.Translating(Protocol.OPENAI, Protocol.ANTHROPIC, ClientAnswers.of(Protocol.OPENAI, context));
        meter.complete(json("{\"id\":\"m\",\"model\":\"claude-x\",\"content\":[{\"type\":\"text\",\"text\":\"4\"}],"
                + "\"stop_reason\":\"max_tokens\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}"));
        JsonNode chat = JSON.readTree(meter.rewrite(new byte[0]));
        assertThat(chat.path("choices").get(0).path("message").path("content").asString()).isEqualTo("4");
        assertThat(chat.path("choices").get(0).path("finish_reason").asString()).isEqualTo("length");
        assertThat(chat.path("model").asString()).isEqualTo("claude-x");
        assertThat(meter.tally().answer()).isEqualTo("4");

        ClientAnswers.Context back = new ClientAnswers.Context("msg_1", "x", false, false, Map.of());
        Meter.Translating toAnthropic = new Meter.Translating(Protocol.ANTHROPIC, Protocol.OPENAI, ClientAnswers.of(Protocol.ANTHROPIC, back));
        toAnthropic.complete(json("{\"id\":\"c\",\"model\":\"llama3.2\",\"choices\":[{\"message\":{\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"ls\",\"arguments\":\"{\\\"d\\\":\\\"/\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}"));
        JsonNode message = JSON.readTree(toAnthropic.rewrite(new byte[0]));
        assertThat(message.path("content").get(0).toString()).isEqualTo("{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"ls\",\"input\":{\"d\":\"/\"}}");
        assertThat(message.path("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(message.path("usage").path("input_tokens").asInt()).isEqualTo(9);
        assertThat(JSON.readTree(toAnthropic.rewriteError(429, new byte[0], "slow down")).path("error").path("type").asString())
                .isEqualTo("rate_limit_error");
    }

    @Test
    void routesFollowTheModelsFamilyAndFallBackToWhatIsConfigured() {
        Upstream claude = new Upstream(Protocol.ANTHROPIC, "http://a", "k", "claude-default", false);
        Upstream local = new Upstream(Protocol.OPENAI, "http://o/v1", null, "llama3.2", false);
        ModelRoutes both = new ModelRoutes(claude, local, "qwen*=openai");
        assertThat(both.pick(Protocol.OPENAI, "claude-sonnet-4-6")).isEqualTo(new ModelRoutes.Route(claude, "claude-sonnet-4-6"));
        assertThat(both.pick(Protocol.ANTHROPIC, "qwen3-coder")).isEqualTo(new ModelRoutes.Route(local, "qwen3-coder"));
        assertThat(both.pick(Protocol.ANTHROPIC, "mistral")).isEqualTo(new ModelRoutes.Route(local, "mistral"));
        assertThat(both.pick(Protocol.ANTHROPIC, "")).isEqualTo(new ModelRoutes.Route(claude, "claude-default"));
        assertThat(both.pick(Protocol.RESPONSES, "")).isEqualTo(new ModelRoutes.Route(local, "llama3.2"));
        ModelRoutes onlyLocal = new ModelRoutes(null, local, null);
        assertThat(onlyLocal.pick(Protocol.ANTHROPIC, "claude-opus-5-5")).isEqualTo(new ModelRoutes.Route(local, "llama3.2"));
        ModelRoutes onlyClaude = new ModelRoutes(claude, null, null);
        assertThat(onlyClaude.pick(Protocol.RESPONSES, "gpt-5.5")).isEqualTo(new ModelRoutes.Route(claude, "claude-default"));
        assertThat(onlyClaude.pick(Protocol.OPENAI, "mistral")).isEqualTo(new ModelRoutes.Route(claude, "mistral"));
        assertThat(new ModelRoutes(null, null, null).pick(Protocol.OPENAI, "x")).isNull();
        assertThatThrownBy(() -> new ModelRoutes(claude, local, "qwen*=ollama")).hasMessageContaining("qwen*=ollama");
    }

    private static String translateStream(Protocol client, Protocol upstream, boolean includeUsage, List<String> events) {
        return translate(client, upstream, new ClientAnswers.Context("id_1", "x", true, includeUsage, Map.of()), events);
    }

    private static String translate(Protocol client, Protocol upstream, ClientAnswers.Context context, List<String> events) {
        Meter.Translating meter = new Meter.Translating(client, upstream, ClientAnswers.of(client, context));
        StringBuilder out = new StringBuilder();
        for (String e : events) {
            assertThat(meter.event(JSON.readTree(e))).as("the upstream's own bytes never pass").isFalse();
            out.append(new String(meter.drain(), StandardCharsets.UTF_8));
        }
        meter.end();
        out.append(new String(meter.drain(), StandardCharsets.UTF_8));
        return out.toString();
    }

    private static List<JsonNode> dataOf(String sse) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                out.add(JSON.readTree(line.substring(6)));
            }
        }
        return out;
    }
}
