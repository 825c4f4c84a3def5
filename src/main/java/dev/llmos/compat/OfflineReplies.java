package dev.llmos.compat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The honest answer when no model is configured for a protocol, in that protocol's own shape (a
 * message, or a stream of events), so clients show it like any answer instead of failing.
 */
final class OfflineReplies {

    static final String MODEL = "none";
    private static final JsonMapper JSON = JsonMapper.shared();

    private OfflineReplies() {
    }

    static String text(List<String> skills, long inputTokens) {
        return "No model is configured, so no model answered this message.\n\n"
                + "What LLMos would have sent: "
                + (skills.isEmpty() ? "no skills" : skills.size() + (skills.size() == 1 ? " skill (" : " skills (")
                        + String.join(", ", skills) + ")")
                + " and your request, about " + inputTokens + " input tokens in all.\n\n"
                + "To get answers, set ANTHROPIC_API_KEY (Anthropic Claude) or LLMOS_OPENAI_BASE_URL "
                + "(any OpenAI-compatible server such as Ollama, vLLM or llama.cpp) and restart LLMos.";
    }

    /** About four characters a token, as the offline chat provider estimates. */
    static long estimateTokens(byte[] body) {
        return (body.length + 3) / 4;
    }

    static byte[] complete(Protocol protocol, String id, String text, long inputTokens) {
        ObjectNode out = JSON.createObjectNode();
        if (protocol == Protocol.ANTHROPIC) {
            out.put("id", "msg_" + id);
            out.put("type", "message");
            out.put("role", "assistant");
            out.put("model", MODEL);
            out.putArray("content").addObject().put("type", "text").put("text", text);
            out.put("stop_reason", "end_turn");
            out.putNull("stop_sequence");
            anthropicUsage(out.putObject("usage"), inputTokens, 0);
        } else {
            out.put("id", "chatcmpl-" + id);
            out.put("object", "chat.completion");
            out.put("created", System.currentTimeMillis() / 1000);
            out.put("model", MODEL);
            ObjectNode choice = out.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", text);
            choice.put("finish_reason", "stop");
            openAiUsage(out.putObject("usage"), inputTokens);
        }
        return JSON.writeValueAsBytes(out);
    }

    static byte[] stream(Protocol protocol, String id, String text, long inputTokens, boolean includeUsage) {
        StringBuilder sse = new StringBuilder();
        if (protocol == Protocol.ANTHROPIC) {
            ObjectNode start = JSON.createObjectNode().put("type", "message_start");
            ObjectNode message = start.putObject("message");
            message.put("id", "msg_" + id).put("type", "message").put("role", "assistant").put("model", MODEL);
            message.putArray("content");
            message.putNull("stop_reason");
            message.putNull("stop_sequence");
            anthropicUsage(message.putObject("usage"), inputTokens, 0);
            event(sse, "message_start", start);
            ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            event(sse, "content_block_start", blockStart);
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", text);
            event(sse, "content_block_delta", delta);
            event(sse, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
            ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
            end.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
            anthropicUsage(end.putObject("usage"), inputTokens, 0);
            event(sse, "message_delta", end);
            event(sse, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
        } else {
            long created = System.currentTimeMillis() / 1000;
            ObjectNode first = chunk(id, created);
            first.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                    .putObject("delta").put("role", "assistant").put("content", text);
            event(sse, null, first);
            ObjectNode last = chunk(id, created);
            ObjectNode choice = last.withArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            choice.putObject("delta");
            event(sse, null, last);
            if (includeUsage) {
                ObjectNode usage = chunk(id, created);
                usage.putArray("choices");
                openAiUsage(usage.putObject("usage"), inputTokens);
                event(sse, null, usage);
            }
            sse.append("data: [DONE]\n\n");
        }
        return sse.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode chunk(String id, long created) {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", "chatcmpl-" + id).put("object", "chat.completion.chunk").put("created", created).put("model", MODEL);
        c.putArray("choices");
        return c;
    }

    private static void event(StringBuilder sse, String name, ObjectNode data) {
        if (name != null) {
            sse.append("event: ").append(name).append('\n');
        }
        sse.append("data: ").append(JSON.writeValueAsString(data)).append("\n\n");
    }

    private static void anthropicUsage(ObjectNode usage, long input, long output) {
        usage.put("input_tokens", input).put("output_tokens", output)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
    }

    private static void openAiUsage(ObjectNode usage, long input) {
        usage.put("prompt_tokens", input).put("completion_tokens", 0).put("total_tokens", input);
    }
}
