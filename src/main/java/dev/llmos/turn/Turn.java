package dev.llmos.turn;

/**
 * One model call placed in the conversation it belongs to.
 *
 * @param text            the person's own words in this turn, without harness wrappers; empty when the
 *                        request holds none (then nothing is selected for it and evolution ignores it)
 * @param conversationKey what ties the calls of one conversation together: the session id the client
 *                        sent ({@code session:…}), else a hash of the conversation's opening ({@code prefix:…})
 * @param turnId          the same for every model call of one turn (the person's message and the tool loop
 *                        that answers it), {@code turn_} and 16 hex digits
 * @param step            1 for the call that answers the person's message, 2 and on for the tool loop's later calls
 * @param delegated       a sub-agent's call: its task was written by a model, not by the person
 * @param client          the client's name and version from its User-Agent (e.g. {@code claude-cli/2.1.332}), or null
 * @param historyIndex    where the person's message sits in the request's message list (what came before
 *                        it was sent, and traced, by earlier turns)
 */
public record Turn(String text, String conversationKey, String turnId, int step, boolean delegated, String client,
                   int historyIndex) {

    /** LLMos's id for the conversation ({@code conv_} and 16 hex digits): every call of one client conversation shares it. */
    public String conversationId() {
        return "conv_" + TurnReader.hash(conversationKey, 16);
    }

    /** The first call of a turn, made on the person's behalf: what evolution counts and selection serves. */
    public boolean personsRequest() {
        return step == 1 && !delegated && !text.isBlank();
    }
}
