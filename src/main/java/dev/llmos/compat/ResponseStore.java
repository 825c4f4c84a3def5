package dev.llmos.compat;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;

/**
 * The Responses API's {@code previous_response_id}, honoured for answers LLMos translated: each such
 * response's conversation (the input it was given, earlier responses included, and its output items) is
 * kept in memory, per caller, least recently used out. An id LLMos does not hold (another caller's, one
 * evicted, or from before a restart) is a clear 400; clients that send their whole input each time
 * ({@code store: false}, as Codex does) never need it.
 */
final class ResponseStore {

    static final int CAPACITY = 2000;
    /** A conversation larger than this is not kept (its id then gets the 400). */
    static final int MAX_CHARS = 4 * 1024 * 1024;

    private final Map<String, ArrayNode> conversations = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayNode> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized ArrayNode get(String caller, String responseId) {
        return conversations.get(caller + "\u0000" + responseId);
    }

    synchronized void put(String caller, String responseId, ArrayNode items) {
        if (items.toString().length() <= MAX_CHARS) {
            conversations.put(caller + "\u0000" + responseId, items);
        }
    }
}
