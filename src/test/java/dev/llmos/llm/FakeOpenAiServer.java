package dev.llmos.llm;

import java.io.IOException;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake OpenAI-compatible Chat Completions API ({@code POST /v1/chat/completions}) speaking the
 * real data-only SSE format: the first delta carries {@code role}, the last carries
 * {@code finish_reason}; with {@code stream_options.include_usage} every chunk has
 * {@code "usage": null} and a final chunk with empty {@code choices} carries the usage; the stream
 * ends with {@code data: [DONE]}. Tool calls stream as {@code tool_calls} fragments. Requests
 * without {@code "stream": true} get one {@code application/json} completion.
 */
public final class FakeOpenAiServer extends FakeLlmServer {

    private FakeOpenAiServer() {
        super(FakeReply.text("Hello from the fake OpenAI-compatible server.").deltas(4));
    }

    public static FakeOpenAiServer start() {
        return new FakeOpenAiServer();
    }

    /** {@code http://127.0.0.1:<port>/v1}, as for Ollama or vLLM. */
    @Override
    public String baseUrl() {
        return origin() + "/v1";
    }

    @Override
    public FakeOpenAiServer enqueue(FakeReply... replies) {
        super.enqueue(replies);
        return this;
    }

    @Override
    protected boolean handles(String method, String path) {
        return "POST".equals(method) && ("/v1/chat/completions".equals(path) || "/v1/responses".equals(path));
    }

    /** A Responses API request (an {@code input}, no {@code messages}): answered in that API's shape. */
    private static boolean responses(JsonNode request) {
        return request.has("input") && !request.has("messages");
    }

    @Override
    protected ObjectNode modelList(List<String> ids) {
        ObjectNode body = JSON.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        ids.forEach(id -> data.addObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", "library"));
        return body;
    }

    @Override
    protected ObjectNode errorBody(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.putNull("code");
        return body;
    }

    /** Anthropic-style stop reason to OpenAI's finish_reason. */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> "stop";
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_calls";
            default -> stopReason;
        };
    }

    @Override
    protected void stream(SseWriter out, FakeReply reply, JsonNode request) throws IOException {
        if (responses(request)) {
            int seq = 0;
            ObjectNode started = JSON.createObjectNode().put("type", "response.created").put("sequence_number", seq++);
            started.putObject("response").put("id", "resp_fake").put("object", "response").put("status", "in_progress")
                    .put("model", request.path("model").asString("fake-model")).putArray("output");
            out.event("response.created", started);
            for (String part : reply.textParts()) {
                out.event("response.output_text.delta", JSON.createObjectNode().put("type", "response.output_text.delta")
                        .put("sequence_number", seq++).put("item_id", "msg_fake").put("output_index", 0).put("content_index", 0)
                        .put("delta", part));
            }
            ObjectNode completed = JSON.createObjectNode().put("type", "response.completed").put("sequence_number", seq);
            completed.set("response", responsesBody(reply, request));
            out.event("response.completed", completed);
            return;
        }
        String id = "chatcmpl-fake" + System.nanoTime();
        String model = request.path("model").asString("fake-model");
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
        ChunkFactory chunks = new ChunkFactory(id, model, includeUsage);

        Runnable sendError = () -> {
            ObjectNode error = JSON.createObjectNode();
            ObjectNode e = error.putObject("error");
            e.put("message", reply.midStreamErrorMessage);
            e.put("type", reply.midStreamErrorType);
            e.putNull("code");
            out.event(null, error);
        };

        List<String> textParts = reply.textParts();
        ObjectNode first = chunks.chunk();
        ObjectNode firstDelta = (ObjectNode) first.path("choices").get(0).path("delta");
        firstDelta.put("role", "assistant");
        if (textParts.isEmpty() && !reply.toolCalls.isEmpty()) {
            firstDelta.putNull("content");
        } else {
            firstDelta.put("content", "");
        }
        out.event(null, first);

        for (String part : textParts) {
            if (!out.beforeDelta(sendError)) {
                return;
            }
            ObjectNode chunk = chunks.chunk();
            ((ObjectNode) chunk.path("choices").get(0).path("delta")).put("content", part);
            out.event(null, chunk);
        }
        int index = 0;
        for (FakeReply.ToolCall call : reply.toolCalls) {
            ObjectNode chunk = chunks.chunk();
            ObjectNode tc = ((ObjectNode) chunk.path("choices").get(0).path("delta")).putArray("tool_calls").addObject();
            tc.put("index", index);
            tc.put("id", call.id());
            tc.put("type", "function");
            ObjectNode fn = tc.putObject("function");
            fn.put("name", call.name());
            fn.put("arguments", "");
            out.event(null, chunk);
            for (String part : reply.inputParts(call)) {
                if (!out.beforeDelta(sendError)) {
                    return;
                }
                ObjectNode argChunk = chunks.chunk();
                ObjectNode frag = ((ObjectNode) argChunk.path("choices").get(0).path("delta"))
                        .putArray("tool_calls").addObject();
                frag.put("index", index);
                frag.putObject("function").put("arguments", part);
                out.event(null, argChunk);
            }
            index++;
        }
        if (!out.atEnd(sendError)) {
            return;
        }
        ObjectNode last = chunks.chunk();
        ((ObjectNode) last.path("choices").get(0)).put("finish_reason", finishReason(reply.stopReason));
        out.event(null, last);
        if (includeUsage) {
            ObjectNode usageChunk = chunks.base();
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage(reply));
            out.event(null, usageChunk);
        }
        out.event(null, "[DONE]");
    }

    private static ObjectNode usage(FakeReply reply) {
        ObjectNode usage = JSON.createObjectNode();
        long prompt = reply.inputTokensOrDefault() + reply.cacheReadInputTokens;
        long completion = reply.outputTokensOrDefault();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        if (reply.cacheReadInputTokens > 0) {
            usage.putObject("prompt_tokens_details").put("cached_tokens", reply.cacheReadInputTokens);
        }
        return usage;
    }

    private static final class ChunkFactory {
        private final String id;
        private final String model;
        private final boolean includeUsage;

        ChunkFactory(String id, String model, boolean includeUsage) {
            this.id = id;
            this.model = model;
            this.includeUsage = includeUsage;
        }

        ObjectNode base() {
            ObjectNode chunk = JSON.createObjectNode();
            chunk.put("id", id);
            chunk.put("object", "chat.completion.chunk");
            chunk.put("created", 1_764_000_000L);
            chunk.put("model", model);
            chunk.putNull("system_fingerprint");
            return chunk;
        }

        ObjectNode chunk() {
            ObjectNode chunk = base();
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("delta");
            choice.putNull("logprobs");
            choice.putNull("finish_reason");
            if (includeUsage) {
                chunk.putNull("usage");
            }
            return chunk;
        }
    }

    /** The Responses API's response object: one message item, usage. */
    private static ObjectNode responsesBody(FakeReply reply, JsonNode request) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", "resp_fake").put("object", "response").put("status", "completed")
                .put("model", request.path("model").asString("fake-model"));
        ObjectNode message = r.putArray("output").addObject().put("id", "msg_fake").put("type", "message").put("role", "assistant")
                .put("status", "completed");
        message.putArray("content").addObject().put("type", "output_text").put("text", reply.text).putArray("annotations");
        r.putObject("usage").put("input_tokens", reply.inputTokensOrDefault()).put("output_tokens", reply.outputTokensOrDefault())
                .put("total_tokens", reply.inputTokensOrDefault() + reply.outputTokensOrDefault());
        return r;
    }

    @Override
    protected ObjectNode complete(FakeReply reply, JsonNode request) {
        if (responses(request)) {
            return responsesBody(reply, request);
        }
        ObjectNode completion = JSON.createObjectNode();
        completion.put("id", "chatcmpl-fake" + System.nanoTime());
        completion.put("object", "chat.completion");
        completion.put("created", 1_764_000_000L);
        completion.put("model", request.path("model").asString("fake-model"));
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (reply.text.isEmpty() && !reply.toolCalls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", reply.text);
        }
        if (!reply.toolCalls.isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (FakeReply.ToolCall call : reply.toolCalls) {
                ObjectNode tc = calls.addObject();
                tc.put("id", call.id());
                tc.put("type", "function");
                tc.putObject("function").put("name", call.name()).put("arguments", call.inputJson());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(reply.stopReason));
        completion.set("usage", usage(reply));
        return completion;
    }
}
