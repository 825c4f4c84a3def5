package dev.llmos.trace;

import java.time.Instant;

/**
 * What a person said about one of their conversations, kept beside their traces (which are never
 * rewritten) in {@code conversations/{conversation_id}.json} of their volume: a title of their own
 * (null: the first question is the title), or that they deleted it.
 *
 * @param time when it was said; a deleted conversation shows again only if a turn is added after it
 */
public record ConversationRecord(String conversationId, String title, boolean deleted, Instant time) {

    static String path(String conversationId) {
        return "conversations/" + conversationId + ".json";
    }
}
