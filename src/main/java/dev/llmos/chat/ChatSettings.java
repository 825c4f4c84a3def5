package dev.llmos.chat;

/**
 * Limits of a chat.
 *
 * @param skillTokenBudget  most estimated tokens of skill bodies in one prompt
 * @param maxOutputTokens   the model's answer limit
 * @param maxMessageChars   longest message accepted
 * @param maxHistoryTurns   earlier turns of a conversation sent along
 * @param maxToolRounds     how many times the model may call load_skill in one chat
 */
public record ChatSettings(int skillTokenBudget, int maxOutputTokens, int maxMessageChars, int maxHistoryTurns,
                           int maxToolRounds) {

    public static ChatSettings defaults() {
        return new ChatSettings(8000, 4096, 100_000, 20, 4);
    }
}
