package dev.llmos.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * A complete answer.
 *
 * @param stopReason {@code end_turn}, {@code max_tokens}, {@code tool_use}, {@code stop_sequence}
 *                   (OpenAI's {@code stop}/{@code length}/{@code tool_calls} are mapped to these)
 */
public record LlmResponse(String provider, String model, String text, List<LlmMessage.ToolUse> toolUses,
                          String stopReason, Usage usage) {

    public LlmResponse {
        toolUses = toolUses == null ? List.of() : List.copyOf(toolUses);
    }

    /** This answer as the assistant's turn of a conversation: its text (when any), then its tool calls. */
    public LlmMessage asAssistantTurn() {
        List<LlmMessage.Content> content = new ArrayList<>();
        if (!text.isBlank()) {
            content.add(new LlmMessage.Text(text));
        }
        content.addAll(toolUses);
        return new LlmMessage(LlmMessage.Role.ASSISTANT, content);
    }
}
