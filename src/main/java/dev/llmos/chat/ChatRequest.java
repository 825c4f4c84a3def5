package dev.llmos.chat;

/**
 * What a caller asks: the seed's {@code POST /chat} body, plus a conversation to continue.
 *
 * @param maxSkills   at most this many skills with full bodies (the seed's {@code max_skills})
 * @param source      {@code chat} or {@code chat-stream}; recorded in the trace
 * @param replaces    a turn of the conversation to answer again (regenerate: the same message) or to ask anew
 *                    (edit and resend): the model sees the conversation as it was before that turn; null for a new turn
 */
public record ChatRequest(String userId, String teamId, String message, boolean includeSkills, int maxSkills,
                          String conversationId, String model, String source, String replaces) {
}
