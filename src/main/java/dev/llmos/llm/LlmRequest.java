package dev.llmos.llm;

import java.util.List;

/**
 * One call to a model.
 *
 * @param model      model id; null for the provider's default
 * @param system     system prompt blocks in order; a block with {@code cacheBreakpoint} ends the
 *                   stable prefix (Anthropic puts {@code cache_control} on it)
 * @param messages   the conversation, oldest first, ending with the user's message
 * @param tools      tools offered to the model (ignored by providers without tool support)
 * @param skillNames names of the skills in the prompt: informational, for the offline answer
 */
public record LlmRequest(String model, List<SystemBlock> system, List<LlmMessage> messages, int maxTokens,
                         List<LlmTool> tools, List<String> skillNames, Cancellation cancellation) {

    public LlmRequest {
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        skillNames = skillNames == null ? List.of() : List.copyOf(skillNames);
        cancellation = cancellation == null ? new Cancellation() : cancellation;
    }

    /** A block of the system prompt. */
    public record SystemBlock(String text, boolean cacheBreakpoint) {
    }
}
