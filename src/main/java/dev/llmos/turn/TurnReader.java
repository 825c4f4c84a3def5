package dev.llmos.turn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Places one model request in its conversation and turn, per wire protocol. The person's message is
 * the latest user message that holds words of the person's ({@link HarnessText}); tool results and
 * harness notices are not the person speaking. Every message after it belongs to the same turn: each
 * batch of tool results there is one more step of the tool loop.
 * <p>
 * Conversations: the session id the client sends (Claude Code: {@code x-claude-code-session-id}, or
 * {@code session_id} inside {@code metadata.user_id}; Codex: {@code session-id}; the Responses API's
 * {@code conversation} or {@code prompt_cache_key}), else a hash of the system prompt and the first user
 * message, which every later call of the conversation repeats.
 */
public final class TurnReader {

    /** Reads a request header by lower-case name; null when absent. */
    public interface Headers extends Function<String, String> {
        Headers NONE = name -> null;
    }

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Pattern LEGACY_SESSION = Pattern.compile("_session_([0-9A-Za-z-]{8,64})$");
    private static final Set<String> TOOL_OUTPUTS = Set.of("function_call_output", "custom_tool_call_output",
            "computer_call_output", "local_shell_call_output", "mcp_call_output", "apply_patch_call_output",
            "shell_call_output");

    private TurnReader() {
    }

    /** A person's message found in a request: where it is and what it says. */
    private record Found(int index, String words, String raw) {
        static final Found NONE = new Found(-1, "", "");
    }

    /** Anthropic Messages ({@code POST /v1/messages}). */
    public static Turn anthropic(JsonNode body, Headers headers) {
        JsonNode messages = body.path("messages");
        Found found = latestPerson(messages);
        int steps = 0;
        for (int i = found.index + 1; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if ("user".equals(m.path("role").asString("")) && hasBlock(m.path("content"), "tool_result")) {
                steps++;
            }
        }
        String session = firstNonBlank(headers.apply("x-claude-code-session-id"), metadataSession(body.path("metadata")));
        boolean delegated = headers.apply("x-claude-code-agent-id") != null;
        String opening = text(body.path("system")) + "\u0000" + firstRaw(messages, "user");
        return turn(found, session, opening, steps, delegated, headers);
    }

    /** OpenAI Chat Completions ({@code POST /v1/chat/completions}). */
    public static Turn openAiChat(JsonNode body, Headers headers) {
        JsonNode messages = body.path("messages");
        Found found = latestPerson(messages);
        int steps = 0;
        boolean inToolRun = false;
        for (int i = found.index + 1; i < messages.size(); i++) {
            String role = messages.get(i).path("role").asString("");
            boolean tool = role.equals("tool") || role.equals("function");
            if (tool && !inToolRun) {
                steps++;
            }
            inToolRun = tool;
        }
        StringBuilder system = new StringBuilder();
        for (JsonNode m : messages) {
            String role = m.path("role").asString("");
            if (role.equals("system") || role.equals("developer")) {
                system.append(text(m.path("content"))).append('\n');
            } else {
                break;
            }
        }
        String opening = system + "\u0000" + firstRaw(messages, "user");
        return turn(found, headers.apply("x-session-id"), opening, steps, false, headers);
    }

    /** The OpenAI Responses API ({@code POST /v1/responses}): {@code input} as a string or a list of items. */
    public static Turn responses(JsonNode body, Headers headers) {
        JsonNode input = body.path("input");
        Found found = Found.NONE;
        int steps = 0;
        String firstUser = "";
        if (input.isString()) {
            String words = HarnessText.personWords(input.asString());
            found = new Found(0, words, input.asString());
            firstUser = input.asString();
        } else {
            for (int i = input.size() - 1; i >= 0 && found.index < 0; i--) {
                JsonNode item = input.get(i);
                if (isUserMessage(item)) {
                    found = person(i, item.path("content"), "input_text");
                }
            }
            boolean inToolRun = false;
            for (int i = found.index + 1; i < input.size(); i++) {
                boolean tool = TOOL_OUTPUTS.contains(input.get(i).path("type").asString(""));
                if (tool && !inToolRun) {
                    steps++;
                }
                inToolRun = tool;
            }
            for (JsonNode item : input) {
                if (isUserMessage(item)) {
                    firstUser = item.path("content").toString();
                    break;
                }
            }
        }
        JsonNode codex = parseObject(headers.apply("x-codex-turn-metadata"));
        String session = firstNonBlank(headers.apply("session-id"), codex.path("session_id").asString(null),
                body.path("conversation").isString() ? body.path("conversation").asString() : body.path("conversation").path("id").asString(null),
                body.path("prompt_cache_key").asString(null));
        String source = codex.path("thread_source").asString("user");
        boolean delegated = !source.isBlank() && !source.equals("user");
        String opening = body.path("instructions").asString("") + "\u0000" + firstUser;
        return turn(found, session, opening, steps, delegated, headers);
    }

    private static Turn turn(Found found, String session, String opening, int steps, boolean delegated, Headers headers) {
        String conversation = session != null ? "session:" + session : "prefix:" + hash(opening, 32);
        String turnId = "turn_" + hash(conversation + "\u0000" + found.index + "\u0000" + found.raw, 16);
        return new Turn(found.words, conversation, turnId, steps + 1, delegated, client(headers.apply("user-agent")),
                Math.max(0, found.index));
    }

    /** The latest user message with words of the person's in a Messages or Chat Completions list. */
    private static Found latestPerson(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if ("user".equals(m.path("role").asString(""))) {
                Found found = person(i, m.path("content"), "text");
                if (found.index >= 0) {
                    return found;
                }
            }
        }
        return Found.NONE;
    }

    /** The person's words in one message, or {@link Found#NONE} when it holds none. */
    private static Found person(int index, JsonNode content, String textType) {
        List<String> parts = new ArrayList<>();
        if (content.isString()) {
            parts.add(content.asString());
        } else {
            for (JsonNode part : content) {
                String type = part.path("type").asString("");
                if ((type.equals(textType) || type.equals("text")) && part.path("text").isString()) {
                    parts.add(part.path("text").asString());
                }
            }
        }
        String words = HarnessText.personWords(parts);
        return words.isEmpty() ? Found.NONE : new Found(index, words, content.toString());
    }

    private static boolean isUserMessage(JsonNode item) {
        String type = item.path("type").asString("message");
        return type.equals("message") && "user".equals(item.path("role").asString(""));
    }

    private static boolean hasBlock(JsonNode content, String type) {
        for (JsonNode part : content) {
            if (type.equals(part.path("type").asString(""))) {
                return true;
            }
        }
        return false;
    }

    /** Claude Code sends {@code metadata.user_id} as JSON with a {@code session_id}; before 2.x it ended in {@code _session_<uuid>}. */
    private static String metadataSession(JsonNode metadata) {
        String userId = metadata.path("user_id").asString(null);
        if (userId == null) {
            return null;
        }
        JsonNode parsed = parseObject(userId);
        if (parsed.path("session_id").isString()) {
            return parsed.path("session_id").asString();
        }
        Matcher m = LEGACY_SESSION.matcher(userId);
        return m.find() ? m.group(1) : null;
    }

    private static JsonNode parseObject(String text) {
        if (text == null || !text.strip().startsWith("{")) {
            return JSON.missingNode();
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : JSON.missingNode();
        } catch (RuntimeException e) {
            return JSON.missingNode();
        }
    }

    private static String firstRaw(JsonNode messages, String role) {
        for (JsonNode m : messages) {
            if (role.equals(m.path("role").asString(""))) {
                return m.path("content").toString();
            }
        }
        return "";
    }

    /** Text of a string, or of the text blocks of an array. */
    private static String text(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isString()) {
                out.append(part.path("text").asString()).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code claude-cli/2.1.332 (external, sdk-cli)} → {@code claude-cli/2.1.332}; {@code OpenAI/JS 6.49.0} stays. */
    static String client(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        String first = userAgent.split("\\(", 2)[0].strip();
        return first.length() > 80 ? first.substring(0, 80) : first;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip().length() > 128 ? v.strip().substring(0, 128) : v.strip();
            }
        }
        return null;
    }

    static String hash(String text, int hexDigits) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, hexDigits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
