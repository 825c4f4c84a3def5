package dev.llmos.web;

import java.util.Map;
import java.util.UUID;

import dev.llmos.turn.CapturedRequests;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests shaped exactly as the real Claude Code CLI sends them (from the captures in
 * src/test/resources/captured/), with the person's words and the session swapped, sent over HTTP with
 * the CLI's own headers.
 */
final class ClaudeCodeRequests {

    static final CapturedRequests FIRST = CapturedRequests.load("claude-code-2.1.332-first-turn.json");
    static final CapturedRequests STEP = CapturedRequests.load("claude-code-2.1.332-tool-step.json");
    private static final String CAPTURED_SESSION = "b1edf459-427e-4c60-a3b6-de94b2fe1669";
    private static final String CAPTURED_WORDS = "List the files here and write a SQL query that counts orders per customer";

    private ClaudeCodeRequests() {
    }

    /** A new session id. */
    static String newSession() {
        return UUID.randomUUID().toString();
    }

    /** The first call of a turn: Claude Code's reminders and CLAUDE.md, then {@code words}. */
    static String first(String session, String words) {
        return swap(FIRST, session, words);
    }

    /** The tool loop's next call after {@code first(session, words)}: the same messages plus a tool_use and its result. */
    static String step(String session, String words) {
        return swap(STEP, session, words);
    }

    /** A tool loop's call {@code n} (2 and on): the step's tool use and result repeated {@code n - 1} times. */
    static String step(String session, String words, int n) {
        ObjectNode body = (ObjectNode) Http.JSON.readTree(swap(STEP, session, words));
        ArrayNode messages = (ArrayNode) body.path("messages");
        JsonNode toolUse = messages.get(messages.size() - 2);
        JsonNode toolResult = messages.get(messages.size() - 1);
        for (int i = 2; i < n; i++) {
            messages.add(toolUse.deepCopy());
            messages.add(toolResult.deepCopy());
        }
        return Http.JSON.writeValueAsString(body);
    }

    /** The client's headers, with {@code session} as its session id. */
    static Http as(Http http, String session) {
        Http out = http;
        for (Map.Entry<String, String> h : FIRST.headers().entrySet()) {
            if (!h.getKey().equals("content-type") && !h.getKey().equals("accept")) {
                out = out.with(h.getKey(), h.getKey().equals("x-claude-code-session-id") ? session : h.getValue());
            }
        }
        return out;
    }

    private static String swap(CapturedRequests captured, String session, String words) {
        String json = Http.JSON.writeValueAsString(captured.body());
        return json.replace(CAPTURED_SESSION, session).replace(Http.JSON.writeValueAsString(CAPTURED_WORDS),
                Http.JSON.writeValueAsString(words));
    }
}
