package dev.llmos.llm;

import java.util.List;
import java.util.Map;

/** One turn of a conversation: who spoke and what, as content blocks. */
public record LlmMessage(Role role, List<Content> content) {

    public enum Role { USER, ASSISTANT }

    public LlmMessage {
        content = List.copyOf(content);
    }

    public static LlmMessage user(String text) {
        return new LlmMessage(Role.USER, List.of(new Text(text)));
    }

    public static LlmMessage assistant(String text) {
        return new LlmMessage(Role.ASSISTANT, List.of(new Text(text)));
    }

    /** A content block. */
    public sealed interface Content permits Text, ToolUse, ToolResult {
    }

    public record Text(String text) implements Content {
    }

    /** The model asked to call a tool. */
    public record ToolUse(String id, String name, Map<String, Object> input) implements Content {
    }

    /** The answer to a {@link ToolUse}, sent back in a user turn. */
    public record ToolResult(String toolUseId, String content, boolean isError) implements Content {
    }
}
