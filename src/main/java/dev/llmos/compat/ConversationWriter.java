package dev.llmos.compat;

import java.util.ArrayList;
import java.util.List;

import dev.llmos.compat.Conversation.Image;
import dev.llmos.compat.Conversation.Message;
import dev.llmos.compat.Conversation.Part;
import dev.llmos.compat.Conversation.Role;
import dev.llmos.compat.Conversation.Text;
import dev.llmos.compat.Conversation.Tool;
import dev.llmos.compat.Conversation.ToolCall;
import dev.llmos.compat.Conversation.ToolResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes a {@link Conversation} as the upstream's protocol expects it (the request LLMos sends upstream). */
final class ConversationWriter {

    private static final JsonMapper JSON = JsonMapper.shared();

    private ConversationWriter() {
    }

    /**
     * Anthropic Messages. Consecutive turns of one role are merged (a tool's results must all be in the user
     * turn right after the call, first in it).
     *
     * @param defaultMaxTokens used when the client set none (Anthropic requires it)
     */
    static ObjectNode toAnthropic(Conversation c, String model, int defaultMaxTokens, Untranslatable refuse) {
        ObjectNode out = JSON.createObjectNode();
        out.put("model", model);
        out.put("max_tokens", c.maxTokens() != null ? c.maxTokens() : defaultMaxTokens);
        if (!c.system().isEmpty()) {
            ArrayNode system = out.putArray("system");
            c.system().forEach(s -> system.addObject().put("type", "text").put("text", s));
        }
        ArrayNode messages = out.putArray("messages");
        Role last = null;
        ArrayNode content = null;
        for (Message m : c.messages()) {
            ArrayNode blocks = JSON.createArrayNode();
            for (Part p : m.parts()) {
                if (p instanceof ToolResult r) {
                    blocks.addObject().put("type", "tool_result").put("tool_use_id", r.callId()).put("content", r.text())
                            .put("is_error", r.error());
                }
            }
            for (Part p : m.parts()) {
                if (p instanceof Text t) {
                    if (!t.text().isEmpty()) {
                        blocks.addObject().put("type", "text").put("text", t.text());
                    }
                } else if (p instanceof Image i) {
                    ObjectNode source = blocks.addObject().put("type", "image").putObject("source");
                    if (i.url() != null) {
                        source.put("type", "url").put("url", i.url());
                    } else {
                        source.put("type", "base64").put("media_type", i.mediaType()).put("data", i.data());
                    }
                } else if (p instanceof ToolCall call) {
                    blocks.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                        .set("input", arguments(call.arguments()));
                } else if (p instanceof ToolResult r) {
                    // placed first, above
                }
            }
            if (blocks.isEmpty()) {
                continue;
            }
            if (m.role() == last && content != null) {
                content.addAll(blocks);
                continue;
            }
            ObjectNode message = messages.addObject().put("role", m.role() == Role.USER ? "user" : "assistant");
            content = message.putArray("content");
            content.addAll(blocks);
            last = m.role();
        }
        if (!c.tools().isEmpty()) {
            ArrayNode tools = out.putArray("tools");
            for (Tool t : c.tools()) {
                ObjectNode tool = tools.addObject().put("name", t.wireName());
                if (t.description() != null) {
                    tool.put("description", t.description());
                }
                tool.set("input_schema", t.schema().isObject() ? t.schema() : JSON.createObjectNode().put("type", "object"));
            }
        }
        if (c.toolChoice() != null || Boolean.FALSE.equals(c.parallelToolCalls())) {
            ObjectNode choice = out.putObject("tool_choice");
            String tc = c.toolChoice() == null ? "auto" : c.toolChoice();
            switch (tc) {
                case "auto", "none" -> choice.put("type", tc);
                case "required" -> choice.put("type", "any");
                default -> choice.put("type", "tool").put("name", tc);
            }
            if (Boolean.FALSE.equals(c.parallelToolCalls()) && !tc.equals("none")) {
                choice.put("disable_parallel_tool_use", true);
            }
        }
        if (c.temperature() != null) {
            out.put("temperature", Math.min(1.0, c.temperature())); // OpenAI's range is 0-2, Anthropic's 0-1
        }
        if (c.topP() != null) {
            out.put("top_p", c.topP());
        }
        if (!c.stop().isEmpty()) {
            ArrayNode stop = out.putArray("stop_sequences");
            c.stop().forEach(stop::add);
        }
        if (c.user() != null) {
            out.putObject("metadata").put("user_id", c.user());
        }
        if (c.jsonSchema() != null) {
            refuse.refuse("response_format", "structured output ('response_format' / 'text.format' json_schema)");
        }
        if (c.stream()) {
            out.put("stream", true);
        }
        return out;
    }

    /** OpenAI Chat Completions; a streamed request asks for the usage chunk (the trace needs it). */
    static ObjectNode toChat(Conversation c, String model) {
        ObjectNode out = JSON.createObjectNode();
        out.put("model", model);
        ArrayNode messages = out.putArray("messages");
        if (!c.system().isEmpty()) {
            messages.addObject().put("role", "system").put("content", String.join("\n\n", c.system()));
        }
        for (Message m : c.messages()) {
            if (m.role() == Role.ASSISTANT) {
                assistant(messages, m);
                continue;
            }
            List<Part> rest = new ArrayList<>();
            for (Part p : m.parts()) {
                if (p instanceof ToolResult r) {
                    messages.addObject().put("role", "tool").put("tool_call_id", r.callId())
                            .put("content", r.error() ? "Error: " + r.text() : r.text());
                } else {
                    rest.add(p);
                }
            }
            if (rest.isEmpty()) {
                continue;
            }
            ObjectNode user = messages.addObject().put("role", "user");
            if (rest.stream().allMatch(p -> p instanceof Text)) {
                user.put("content", String.join("\n", rest.stream().map(p -> ((Text) p).text()).toList()));
            } else {
                ArrayNode parts = user.putArray("content");
                for (Part p : rest) {
                    if (p instanceof Text t) {
                        parts.addObject().put("type", "text").put("text", t.text());
                    } else if (p instanceof Image i) {
                        parts.addObject().put("type", "image_url").putObject("image_url").put("url", i.dataUrl());
                    }
                }
            }
        }
        if (!c.tools().isEmpty()) {
            ArrayNode tools = out.putArray("tools");
            for (Tool t : c.tools()) {
                ObjectNode f = tools.addObject().put("type", "function").putObject("function").put("name", t.wireName());
                if (t.description() != null) {
                    f.put("description", t.description());
                }
                f.set("parameters", t.schema().isObject() ? t.schema()
                        : JSON.createObjectNode().put("type", "object").set("properties", JSON.createObjectNode()));
            }
        }
        if (c.toolChoice() != null) {
            switch (c.toolChoice()) {
                case "auto", "none", "required" -> out.put("tool_choice", c.toolChoice());
                default -> out.putObject("tool_choice").put("type", "function").putObject("function").put("name", c.toolChoice());
            }
        }
        if (c.parallelToolCalls() != null && !c.tools().isEmpty()) {
            out.put("parallel_tool_calls", c.parallelToolCalls());
        }
        if (c.maxTokens() != null) {
            out.put("max_tokens", c.maxTokens());
        }
        if (c.temperature() != null) {
            out.put("temperature", c.temperature());
        }
        if (c.topP() != null) {
            out.put("top_p", c.topP());
        }
        if (!c.stop().isEmpty()) {
            ArrayNode stop = out.putArray("stop");
            c.stop().forEach(stop::add);
        }
        if (c.user() != null) {
            out.put("user", c.user());
        }
        if (c.jsonSchema() != null) {
            JsonNode s = c.jsonSchema();
            ObjectNode schema = out.putObject("response_format").put("type", "json_schema").putObject("json_schema");
            schema.put("name", s.path("name").asString("answer"));
            schema.set("schema", s.path("schema"));
            if (s.has("strict")) {
                schema.set("strict", s.path("strict"));
            }
        }
        if (c.stream()) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        return out;
    }

    private static void assistant(ArrayNode messages, Message m) {
        StringBuilder text = new StringBuilder();
        ArrayNode calls = JSON.createArrayNode();
        for (Part p : m.parts()) {
            if (p instanceof Text t) {
                text.append(t.text());
            } else if (p instanceof ToolCall call) {
                calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                        .put("name", call.name()).put("arguments", call.arguments());
            }
        }
        if (text.isEmpty() && calls.isEmpty()) {
            return;
        }
        ObjectNode message = messages.addObject().put("role", "assistant");
        if (text.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
    }

    /** A call's arguments as a JSON object (a model may emit broken JSON: kept as text so nothing is lost). */
    static JsonNode arguments(String json) {
        try {
            JsonNode node = JSON.readTree(json == null || json.isBlank() ? "{}" : json);
            return node != null && node.isObject() ? node : JSON.createObjectNode().put("arguments", json);
        } catch (RuntimeException e) {
            return JSON.createObjectNode().put("arguments", json);
        }
    }
}
