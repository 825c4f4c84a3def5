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

/**
 * Reads a client's request, in its protocol's shape, into a {@link Conversation}. Hints one side has and
 * the other lacks (Anthropic's {@code thinking}, {@code cache_control}, {@code top_k}; OpenAI's
 * {@code store}, {@code seed}, {@code reasoning}) are left out quietly: they tune how a model works, not
 * what is asked. What changes the meaning (a hosted tool, several choices, a document) goes to
 * {@link Untranslatable}.
 */
final class ConversationReader {

    private static final JsonMapper JSON = JsonMapper.shared();

    private ConversationReader() {
    }

    // ---- Anthropic Messages

    static Conversation fromAnthropic(JsonNode body, Untranslatable refuse) {
        List<String> system = new ArrayList<>();
        JsonNode sys = body.path("system");
        if (sys.isString()) {
            system.add(sys.asString());
        } else {
            for (JsonNode block : sys) {
                if (block.path("text").isString()) {
                    system.add(block.path("text").asString());
                }
            }
        }
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            Role role = "assistant".equals(m.path("role").asString("")) ? Role.ASSISTANT : Role.USER;
            if (!"user".equals(m.path("role").asString("")) && role != Role.ASSISTANT) {
                // Claude Code sends mid-conversation "system" messages (its environment block): context, as a user turn
                messages.add(new Message(Role.USER, List.of(new Text(anthropicText(m.path("content"))))));
                continue;
            }
            List<Part> parts = new ArrayList<>();
            JsonNode content = m.path("content");
            if (content.isString()) {
                parts.add(new Text(content.asString()));
            }
            for (JsonNode block : content.isArray() ? content : JSON.createArrayNode()) {
                switch (block.path("type").asString("")) {
                    case "text" -> parts.add(new Text(block.path("text").asString("")));
                    case "image" -> {
                        JsonNode src = block.path("source");
                        parts.add("url".equals(src.path("type").asString("")) ? new Image(null, null, src.path("url").asString())
                                : new Image(src.path("media_type").asString("image/png"), src.path("data").asString(""), null));
                    }
                    case "tool_use" -> parts.add(new ToolCall(block.path("id").asString(""), block.path("name").asString(""),
                            JSON.writeValueAsString(block.path("input").isObject() ? block.path("input") : JSON.createObjectNode())));
                    case "tool_result" -> parts.add(new ToolResult(block.path("tool_use_id").asString(""),
                            anthropicText(block.path("content")), block.path("is_error").asBoolean(false)));
                    case "thinking", "redacted_thinking" -> {
                        // the model's own scratch work: not carried to another provider
                    }
                    default -> refuse.refuse("content:" + block.path("type").asString("?"),
                            "a '" + block.path("type").asString("?") + "' content block");
                }
            }
            messages.add(new Message(role, parts));
        }
        List<Tool> tools = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            String type = t.path("type").asString("custom");
            if (!type.equals("custom")) {
                refuse.refuse("tool:" + t.path("name").asString(type), "the server tool '" + type + "'");
                continue;
            }
            tools.add(new Tool(t.path("name").asString(""), t.path("description").asString(null), t.path("input_schema"),
                    "function", null));
        }
        if (body.has("mcp_servers")) {
            refuse.refuse("mcp_servers", "'mcp_servers' (Anthropic's MCP connector)");
        }
        JsonNode choice = body.path("tool_choice");
        String toolChoice = switch (choice.path("type").asString("")) {
            case "auto" -> "auto";
            case "any" -> "required";
            case "none" -> "none";
            case "tool" -> choice.path("name").asString();
            default -> null;
        };
        Boolean parallel = choice.has("disable_parallel_tool_use") ? !choice.path("disable_parallel_tool_use").asBoolean() : null;
        return new Conversation(body.path("model").asString(""), system, messages, tools, toolChoice, parallel,
                body.has("max_tokens") ? body.path("max_tokens").asInt() : null, number(body, "temperature"), number(body, "top_p"),
                strings(body.path("stop_sequences")), body.path("stream").asBoolean(false),
                body.path("metadata").path("user_id").asString(null), null);
    }

    /** Text of an Anthropic content field (a string, or text blocks; a tool result's images are described). */
    static String anthropicText(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode block : content) {
            if (block.path("text").isString()) {
                out.append(out.isEmpty() ? "" : "\n").append(block.path("text").asString());
            } else if ("image".equals(block.path("type").asString(""))) {
                out.append(out.isEmpty() ? "" : "\n").append("[an image]");
            }
        }
        return out.toString();
    }

    // ---- OpenAI Chat Completions

    static Conversation fromChat(JsonNode body, Untranslatable refuse) {
        List<String> system = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            String role = m.path("role").asString("");
            switch (role) {
                case "system", "developer" -> system.add(chatText(m.path("content"), refuse));
                case "assistant" -> {
                    List<Part> parts = new ArrayList<>();
                    String text = chatText(m.path("content"), refuse);
                    if (!text.isEmpty()) {
                        parts.add(new Text(text));
                    }
                    for (JsonNode call : m.path("tool_calls")) {
                        parts.add(new ToolCall(call.path("id").asString(""), call.path("function").path("name").asString(""),
                                call.path("function").path("arguments").asString("{}")));
                    }
                    messages.add(new Message(Role.ASSISTANT, parts));
                }
                case "tool", "function" -> messages.add(new Message(Role.USER, List.of(new ToolResult(
                        m.path("tool_call_id").asString(m.path("name").asString("")), chatText(m.path("content"), refuse), false))));
                default -> messages.add(new Message(Role.USER, chatParts(m.path("content"), refuse)));
            }
        }
        List<Tool> tools = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            if (!"function".equals(t.path("type").asString("function"))) {
                refuse.refuse("tool:" + t.path("type").asString("?"), "the tool type '" + t.path("type").asString("?") + "'");
                continue;
            }
            JsonNode f = t.path("function");
            tools.add(new Tool(f.path("name").asString(""), f.path("description").asString(null), f.path("parameters"), "function", null));
        }
        if (body.path("n").asInt(1) > 1) {
            refuse.refuse("n", "'n' (several choices per request)");
        }
        for (String penalty : List.of("presence_penalty", "frequency_penalty")) {
            if (body.path(penalty).asDouble(0) != 0) {
                refuse.refuse(penalty, "'" + penalty + "'");
            }
        }
        if (body.path("logprobs").asBoolean(false)) {
            refuse.refuse("logprobs", "'logprobs'");
        }
        if (body.has("audio") || body.path("modalities").toString().contains("audio")) {
            refuse.refuse("audio", "audio output");
        }
        JsonNode choice = body.path("tool_choice");
        String toolChoice = choice.isString() ? choice.asString() : choice.path("function").path("name").asString(null);
        JsonNode format = body.path("response_format");
        JsonNode schema = null;
        if ("json_schema".equals(format.path("type").asString(""))) {
            schema = format.path("json_schema");
        } else if ("json_object".equals(format.path("type").asString(""))) {
            schema = JSON.createObjectNode().put("name", "json").set("schema", JSON.createObjectNode().put("type", "object"));
        }
        JsonNode max = body.has("max_completion_tokens") ? body.path("max_completion_tokens") : body.path("max_tokens");
        JsonNode stop = body.path("stop");
        return new Conversation(body.path("model").asString(""), system, messages, tools, toolChoice,
                body.has("parallel_tool_calls") ? body.path("parallel_tool_calls").asBoolean() : null,
                max.isNumber() ? max.asInt() : null, number(body, "temperature"), number(body, "top_p"),
                stop.isString() ? List.of(stop.asString()) : strings(stop), body.path("stream").asBoolean(false),
                body.path("user").asString(null), schema);
    }

    private static String chatText(JsonNode content, Untranslatable refuse) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder out = new StringBuilder();
        for (Part p : chatParts(content, refuse)) {
            if (p instanceof Text t) {
                out.append(out.isEmpty() ? "" : "\n").append(t.text());
            }
        }
        return out.toString();
    }

    private static List<Part> chatParts(JsonNode content, Untranslatable refuse) {
        List<Part> parts = new ArrayList<>();
        if (content.isString()) {
            parts.add(new Text(content.asString()));
            return parts;
        }
        for (JsonNode part : content) {
            switch (part.path("type").asString("")) {
                case "text", "input_text", "output_text" -> parts.add(new Text(part.path("text").asString("")));
                case "image_url" -> parts.add(image(part.path("image_url").isString() ? part.path("image_url").asString()
                        : part.path("image_url").path("url").asString("")));
                case "input_image" -> parts.add(image(part.path("image_url").asString("")));
                case "refusal" -> parts.add(new Text(part.path("refusal").asString("")));
                default -> refuse.refuse("content:" + part.path("type").asString("?"),
                        "a '" + part.path("type").asString("?") + "' content part");
            }
        }
        return parts;
    }

    private static Image image(String url) {
        if (url.startsWith("data:") && url.contains(";base64,")) {
            int semi = url.indexOf(';');
            return new Image(url.substring(5, semi), url.substring(url.indexOf(',') + 1), null);
        }
        return new Image(null, null, url);
    }

    // ---- OpenAI Responses

    /**
     * @param earlier the conversation of {@code previous_response_id} (its input and output, in Responses
     *                item form), or null when the request has none
     */
    static Conversation fromResponses(JsonNode body, JsonNode earlier, Untranslatable refuse) {
        List<String> system = new ArrayList<>();
        if (body.path("instructions").isString() && !body.path("instructions").asString().isBlank()) {
            system.add(body.path("instructions").asString());
        }
        List<JsonNode> items = new ArrayList<>();
        if (earlier != null) {
            earlier.forEach(items::add);
        }
        JsonNode input = body.path("input");
        if (input.isString()) {
            items.add(JSON.createObjectNode().put("type", "message").put("role", "user").put("content", input.asString()));
        } else {
            input.forEach(items::add);
        }
        List<Message> messages = new ArrayList<>();
        for (JsonNode item : items) {
            String type = item.path("type").asString(item.has("role") ? "message" : "");
            switch (type) {
                case "message" -> {
                    String role = item.path("role").asString("user");
                    if (role.equals("system") || role.equals("developer")) {
                        system.add(chatText(item.path("content"), refuse));
                    } else {
                        messages.add(new Message(role.equals("assistant") ? Role.ASSISTANT : Role.USER,
                                chatParts(item.path("content"), refuse)));
                    }
                }
                case "function_call" -> appendToAssistant(messages, new ToolCall(item.path("call_id").asString(""),
                        wireName(item.path("namespace").asString(null), item.path("name").asString("")),
                        item.path("arguments").asString("{}")));
                case "custom_tool_call" -> appendToAssistant(messages, new ToolCall(item.path("call_id").asString(""),
                        wireName(item.path("namespace").asString(null), item.path("name").asString("")),
                        JSON.writeValueAsString(JSON.createObjectNode().put("input", item.path("input").asString("")))));
                case "function_call_output", "custom_tool_call_output" -> {
                    JsonNode output = item.path("output");
                    messages.add(new Message(Role.USER, List.of(new ToolResult(item.path("call_id").asString(""),
                            output.isString() ? output.asString() : chatText(output, refuse), false))));
                }
                case "reasoning", "item_reference", "compaction" -> {
                    // the upstream's own state (encrypted reasoning, references into its store): nothing to carry
                }
                default -> refuse.refuse("item:" + type, "the input item type '" + type + "'");
            }
        }
        List<Tool> tools = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            String type = t.path("type").asString("");
            switch (type) {
                case "function", "custom" -> tools.add(responsesTool(t, null));
                case "namespace" -> t.path("tools").forEach(inner -> tools.add(responsesTool(inner, t.path("name").asString(""))));
                case "tool_search" -> {
                    // it finds deferred tools; LLMos offers every tool of every namespace, so nothing is deferred
                }
                default -> refuse.refuse("tool:" + type, "the hosted tool '" + type + "'");
            }
        }
        if (body.path("background").asBoolean(false)) {
            refuse.refuse("background", "'background' responses");
        }
        JsonNode choice = body.path("tool_choice");
        String toolChoice = choice.isString() ? choice.asString() : choice.path("name").asString(null);
        JsonNode format = body.path("text").path("format");
        JsonNode schema = "json_schema".equals(format.path("type").asString("")) ? format : null;
        return new Conversation(body.path("model").asString(""), system, messages, tools, toolChoice,
                body.has("parallel_tool_calls") ? body.path("parallel_tool_calls").asBoolean() : null,
                body.path("max_output_tokens").isNumber() ? body.path("max_output_tokens").asInt() : null,
                number(body, "temperature"), number(body, "top_p"), List.of(), body.path("stream").asBoolean(false),
                body.path("user").asString(body.path("safety_identifier").asString(null)), schema);
    }

    private static Tool responsesTool(JsonNode t, String namespace) {
        boolean custom = "custom".equals(t.path("type").asString(""));
        JsonNode schema = custom ? customSchema(t) : t.path("parameters");
        return new Tool(t.path("name").asString(""), t.path("description").asString(null), schema, custom ? "custom" : "function",
                namespace);
    }

    /** A custom tool takes free text; elsewhere it is a function with one string argument, its format described. */
    private static JsonNode customSchema(JsonNode t) {
        JsonNode format = t.path("format");
        String described = "The tool's whole input, as free text.";
        if ("grammar".equals(format.path("type").asString(""))) {
            described += " It must follow this " + format.path("syntax").asString("") + " grammar:\n"
                    + format.path("definition").asString("");
        }
        var schema = JSON.createObjectNode().put("type", "object");
        schema.putObject("properties").putObject("input").put("type", "string").put("description", described);
        schema.putArray("required").add("input");
        return schema;
    }

    private static String wireName(String namespace, String name) {
        return namespace == null || namespace.isBlank() ? name : namespace + "__" + name;
    }

    /** Responses items are flat: a function call joins the assistant turn before it, or opens one. */
    private static void appendToAssistant(List<Message> messages, ToolCall call) {
        if (!messages.isEmpty() && messages.get(messages.size() - 1).role() == Role.ASSISTANT) {
            Message last = messages.remove(messages.size() - 1);
            List<Part> parts = new ArrayList<>(last.parts());
            parts.add(call);
            messages.add(new Message(Role.ASSISTANT, parts));
        } else {
            messages.add(new Message(Role.ASSISTANT, List.of(call)));
        }
    }

    // ---- shared

    private static Double number(JsonNode body, String field) {
        return body.path(field).isNumber() ? body.path(field).asDouble() : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            if (n.isString()) {
                out.add(n.asString());
            }
        }
        return out;
    }
}
