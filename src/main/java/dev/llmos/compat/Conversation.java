package dev.llmos.compat;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A model request in no protocol's shape, for translating between them: what every one of Anthropic
 * Messages, OpenAI Chat Completions and the OpenAI Responses API can say. Read by
 * {@link ConversationReader}, written by {@link ConversationWriter}; what one side says and the
 * other cannot is refused (or, when the operator allows it, dropped) while reading or writing.
 *
 * @param system      the system prompt's parts, in order
 * @param maxTokens   null when the client set none
 * @param tools       the client's tools; names as the model sees them (a Responses namespace's tools
 *                    are flattened to {@code namespace__name}, see {@link Tool#wireName()})
 * @param toolChoice  {@code auto}, {@code none}, {@code required}, or a tool's name; null when unset
 * @param stop        stop sequences
 * @param jsonSchema  a structured-output schema ({@code {name, schema, strict}}), or null
 */
record Conversation(String model, List<String> system, List<Message> messages, List<Tool> tools, String toolChoice,
                    Boolean parallelToolCalls, Integer maxTokens, Double temperature, Double topP, List<String> stop,
                    boolean stream, String user, JsonNode jsonSchema) {

    Conversation {
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        stop = List.copyOf(stop);
    }

    enum Role { USER, ASSISTANT }

    /** One turn; consecutive turns of the same role are allowed (every protocol merges or accepts them). */
    record Message(Role role, List<Part> parts) {
        Message {
            parts = List.copyOf(parts);
        }
    }

    /** What a message holds. */
    sealed interface Part permits Text, Image, ToolCall, ToolResult {
    }

    record Text(String text) implements Part {
    }

    /**
     * An image: {@code data} base64 with its {@code mediaType}, or a {@code url}.
     */
    record Image(String mediaType, String data, String url) implements Part {
        String dataUrl() {
            return url != null ? url : "data:" + mediaType + ";base64," + data;
        }
    }

    /** A tool call the model made; {@code arguments} is the JSON text of its input. */
    record ToolCall(String id, String name, String arguments) implements Part {
    }

    /** A tool's result, answering the call {@code callId}. */
    record ToolResult(String callId, String text, boolean error) implements Part {
    }

    /**
     * A tool the client offers.
     *
     * @param kind      {@code function}, or {@code custom} (Responses: free-form text input, offered to other
     *                  protocols as a function with one string argument {@code input})
     * @param namespace a Responses namespace it belongs to, or null
     */
    record Tool(String name, String description, JsonNode schema, String kind, String namespace) {

        /** The name the model sees in a protocol without namespaces: {@code namespace__name}. */
        String wireName() {
            return namespace == null ? name : namespace + "__" + name;
        }

        boolean custom() {
            return "custom".equals(kind);
        }
    }
}
