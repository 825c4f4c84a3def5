package dev.llmos.llm;

import java.io.IOException;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake Anthropic Messages API ({@code POST /v1/messages}) speaking the real SSE format: every
 * event has its {@code event:} line; {@code message_start} (with usage), {@code ping},
 * {@code content_block_start/delta/stop}, {@code message_delta} with usage including the cache
 * fields, {@code message_stop}; errors as JSON bodies, in-stream errors as {@code event: error}.
 * Requests without {@code "stream": true} get one {@code application/json} message.
 *
 * <pre>{@code
 * try (FakeAnthropicServer fake = FakeAnthropicServer.start()) {
 *     fake.enqueue(FakeReply.text("Hello there").deltas(2).usage(12, 3, 100, 0));
 *     // point a client at fake.baseUrl() with any API key
 *     fake.lastRequest().json().path("system") ...
 * }
 * }</pre>
 */
public final class FakeAnthropicServer extends FakeLlmServer {

    private FakeAnthropicServer() {
        super(FakeReply.text("Hello from the fake Anthropic server.").deltas(4));
    }

    private final java.util.Set<String> cachedPrefixes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean promptCache;

    public static FakeAnthropicServer start() {
        return new FakeAnthropicServer();
    }

    /**
     * Acts like Anthropic's prompt cache: the request's prefix up to its last {@code cache_control}
     * breakpoint in {@code tools} and {@code system} (in that order, as Anthropic hashes them) is cached
     * the first time (reported as {@code cache_creation_input_tokens}) and read when a later request has
     * the byte-identical prefix ({@code cache_read_input_tokens}); about four characters a token.
     */
    public FakeAnthropicServer simulatePromptCache() {
        promptCache = true;
        return this;
    }

    @Override
    protected FakeReply adjust(FakeReply reply, JsonNode request) {
        if (!promptCache) {
            return reply;
        }
        StringBuilder prefix = new StringBuilder();
        int cachedUpTo = 0;
        for (String field : new String[] {"tools", "system"}) {
            JsonNode value = request.path(field);
            if (value.isString()) {
                prefix.append(value.asString());
                continue;
            }
            for (JsonNode block : value) {
                prefix.append(block.toString());
                if (block.has("cache_control")) {
                    cachedUpTo = prefix.length();
                }
            }
        }
        if (cachedUpTo == 0) {
            return reply;
        }
        String key = prefix.substring(0, cachedUpTo);
        long tokens = (key.length() + 3) / 4;
        long input = reply.inputTokensOrDefault();
        return cachedPrefixes.add(key) ? reply.usage(input, reply.outputTokensOrDefault(), tokens, 0)
                : reply.usage(input, reply.outputTokensOrDefault(), 0, tokens);
    }

    @Override
    public void reset() {
        super.reset();
        cachedPrefixes.clear();
    }

    /** The SDK's base URL (it appends {@code /v1/messages}). */
    @Override
    public String baseUrl() {
        return origin();
    }

    @Override
    public FakeAnthropicServer enqueue(FakeReply... replies) {
        super.enqueue(replies);
        return this;
    }

    @Override
    protected boolean handles(String method, String path) {
        return "POST".equals(method) && "/v1/messages".equals(path);
    }

    @Override
    protected ObjectNode modelList(List<String> ids) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode data = body.putArray("data");
        for (String id : ids) {
            data.addObject().put("type", "model").put("id", id).put("display_name", "Fake " + id)
                    .put("created_at", "2026-01-01T00:00:00Z");
        }
        body.put("has_more", false);
        if (!ids.isEmpty()) {
            body.put("first_id", ids.get(0)).put("last_id", ids.get(ids.size() - 1));
        }
        return body;
    }

    @Override
    protected ObjectNode errorBody(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "error");
        ObjectNode error = body.putObject("error");
        error.put("type", type);
        error.put("message", message);
        body.put("request_id", "req_fake");
        return body;
    }

    @Override
    protected void stream(SseWriter out, FakeReply reply, JsonNode request) throws IOException {
        String model = request.path("model").asString("claude-fake");
        ObjectNode start = JSON.createObjectNode();
        start.put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", "msg_fake_" + System.nanoTime());
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        ObjectNode startUsage = message.putObject("usage");
        startUsage.put("input_tokens", reply.inputTokensOrDefault());
        startUsage.put("cache_creation_input_tokens", reply.cacheCreationInputTokens);
        startUsage.put("cache_read_input_tokens", reply.cacheReadInputTokens);
        startUsage.put("output_tokens", 1);
        out.event("message_start", start);
        out.event("ping", "{\"type\": \"ping\"}");

        Runnable sendError = () -> {
            ObjectNode error = JSON.createObjectNode();
            error.put("type", "error");
            ObjectNode e = error.putObject("error");
            e.put("type", reply.midStreamErrorType);
            e.put("message", reply.midStreamErrorMessage);
            out.event("error", error);
        };

        int index = 0;
        List<String> textParts = reply.textParts();
        if (!textParts.isEmpty() || reply.toolCalls.isEmpty()) {
            ObjectNode blockStart = JSON.createObjectNode();
            blockStart.put("type", "content_block_start");
            blockStart.put("index", index);
            ObjectNode block = blockStart.putObject("content_block");
            block.put("type", "text");
            block.put("text", "");
            out.event("content_block_start", blockStart);
            for (String part : textParts) {
                if (!out.beforeDelta(sendError)) {
                    return;
                }
                ObjectNode delta = JSON.createObjectNode();
                delta.put("type", "content_block_delta");
                delta.put("index", index);
                ObjectNode d = delta.putObject("delta");
                d.put("type", "text_delta");
                d.put("text", part);
                out.event("content_block_delta", delta);
            }
            out.event("content_block_stop", blockStop(index));
            index++;
        }
        for (FakeReply.ToolCall call : reply.toolCalls) {
            ObjectNode blockStart = JSON.createObjectNode();
            blockStart.put("type", "content_block_start");
            blockStart.put("index", index);
            ObjectNode block = blockStart.putObject("content_block");
            block.put("type", "tool_use");
            block.put("id", call.id());
            block.put("name", call.name());
            block.putObject("input");
            out.event("content_block_start", blockStart);
            for (String part : reply.inputParts(call)) {
                if (!out.beforeDelta(sendError)) {
                    return;
                }
                ObjectNode delta = JSON.createObjectNode();
                delta.put("type", "content_block_delta");
                delta.put("index", index);
                ObjectNode d = delta.putObject("delta");
                d.put("type", "input_json_delta");
                d.put("partial_json", part);
                out.event("content_block_delta", delta);
            }
            out.event("content_block_stop", blockStop(index));
            index++;
        }
        if (!out.atEnd(sendError)) {
            return;
        }
        ObjectNode messageDelta = JSON.createObjectNode();
        messageDelta.put("type", "message_delta");
        ObjectNode delta = messageDelta.putObject("delta");
        delta.put("stop_reason", reply.stopReason);
        delta.putNull("stop_sequence");
        ObjectNode usage = messageDelta.putObject("usage");
        usage.put("input_tokens", reply.inputTokensOrDefault());
        usage.put("cache_creation_input_tokens", reply.cacheCreationInputTokens);
        usage.put("cache_read_input_tokens", reply.cacheReadInputTokens);
        usage.put("output_tokens", reply.outputTokensOrDefault());
        out.event("message_delta", messageDelta);
        out.event("message_stop", "{\"type\":\"message_stop\"}");
    }

    private static ObjectNode blockStop(int index) {
        ObjectNode stop = JSON.createObjectNode();
        stop.put("type", "content_block_stop");
        stop.put("index", index);
        return stop;
    }

    @Override
    protected ObjectNode complete(FakeReply reply, JsonNode request) {
        ObjectNode message = JSON.createObjectNode();
        message.put("id", "msg_fake_" + System.nanoTime());
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", request.path("model").asString("claude-fake"));
        ArrayNode content = message.putArray("content");
        if (!reply.text.isEmpty() || reply.toolCalls.isEmpty()) {
            ObjectNode text = content.addObject();
            text.put("type", "text");
            text.put("text", reply.text);
        }
        for (FakeReply.ToolCall call : reply.toolCalls) {
            ObjectNode tool = content.addObject();
            tool.put("type", "tool_use");
            tool.put("id", call.id());
            tool.put("name", call.name());
            tool.set("input", JSON.readTree(call.inputJson()));
        }
        message.put("stop_reason", reply.stopReason);
        message.putNull("stop_sequence");
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", reply.inputTokensOrDefault());
        usage.put("cache_creation_input_tokens", reply.cacheCreationInputTokens);
        usage.put("cache_read_input_tokens", reply.cacheReadInputTokens);
        usage.put("output_tokens", reply.outputTokensOrDefault());
        return message;
    }
}
