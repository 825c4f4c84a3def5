package dev.llmos.compat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.llmos.compat.AnswerEvent.Finished;
import dev.llmos.compat.AnswerEvent.Started;
import dev.llmos.compat.AnswerEvent.Stop;
import dev.llmos.compat.AnswerEvent.TextDelta;
import dev.llmos.compat.AnswerEvent.ToolArguments;
import dev.llmos.compat.AnswerEvent.ToolStarted;
import dev.llmos.llm.Usage;
import tools.jackson.databind.JsonNode;

/**
 * Reads an upstream's answer into {@link AnswerEvent}s: stream events one at a time ({@link #event}),
 * or a whole JSON answer ({@link #complete}). One reader per answer; it keeps what the stream has said
 * so far (open tool calls, usage).
 */
sealed interface UpstreamAnswers permits UpstreamAnswers.Anthropic, UpstreamAnswers.Chat {

    static UpstreamAnswers of(Protocol upstream, Consumer<AnswerEvent> out) {
        return upstream == Protocol.ANTHROPIC ? new Anthropic(out) : new Chat(out);
    }

    /** One SSE {@code data:} payload of the upstream's stream. */
    void event(JsonNode data);

    /** The upstream's stream ended (Chat Completions says its last word, usage, after the finish reason). */
    void end();

    /** A whole non-streamed answer, as the same events. */
    void complete(JsonNode body);

    /** Chat Completions usage: {@code prompt_tokens} includes cached ones; LLMos counts them apart, as Anthropic does. */
    static Usage chatUsage(JsonNode u) {
        long cached = u.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        return new Usage(Math.max(0, u.path("prompt_tokens").asLong(0) - cached), u.path("completion_tokens").asLong(0), 0, cached);
    }

    /** Responses API usage: {@code input_tokens} includes cached ones, counted apart as above. */
    static Usage responsesUsage(JsonNode u) {
        long cached = u.path("input_tokens_details").path("cached_tokens").asLong(0);
        return new Usage(Math.max(0, u.path("input_tokens").asLong(0) - cached), u.path("output_tokens").asLong(0), 0, cached);
    }

    final class Anthropic implements UpstreamAnswers {
        private final Consumer<AnswerEvent> out;
        private final Map<Integer, Integer> toolOfBlock = new HashMap<>();
        private long input;
        private long output;
        private long cacheWrite;
        private long cacheRead;
        private Stop stop = Stop.END;
        private boolean finished;

        Anthropic(Consumer<AnswerEvent> out) {
            this.out = out;
        }

        @Override
        public void event(JsonNode data) {
            switch (data.path("type").asString("")) {
                case "message_start" -> {
                    JsonNode message = data.path("message");
                    usage(message.path("usage"));
                    out.accept(new Started(message.path("id").asString(""), message.path("model").asString(""), usage()));
                }
                case "content_block_start" -> {
                    JsonNode block = data.path("content_block");
                    if ("tool_use".equals(block.path("type").asString(""))) {
                        int index = toolOfBlock.size();
                        toolOfBlock.put(data.path("index").asInt(), index);
                        out.accept(new ToolStarted(index, block.path("id").asString(""), block.path("name").asString("")));
                    } else if ("text".equals(block.path("type").asString("")) && !block.path("text").asString("").isEmpty()) {
                        out.accept(new TextDelta(block.path("text").asString()));
                    }
                }
                case "content_block_delta" -> {
                    JsonNode delta = data.path("delta");
                    switch (delta.path("type").asString("")) {
                        case "text_delta" -> out.accept(new TextDelta(delta.path("text").asString("")));
                        case "input_json_delta" -> {
                            Integer tool = toolOfBlock.get(data.path("index").asInt());
                            if (tool != null) {
                                out.accept(new ToolArguments(tool, delta.path("partial_json").asString("")));
                            }
                        }
                        default -> {
                            // thinking and signature deltas: the model's own work, not the answer
                        }
                    }
                }
                case "message_delta" -> {
                    if (data.path("delta").path("stop_reason").isString()) {
                        stop = Stop.fromAnthropic(data.path("delta").path("stop_reason").asString());
                    }
                    usage(data.path("usage"));
                }
                case "message_stop" -> finish();
                case "error" -> out.accept(new AnswerEvent.Failed(data.path("error").path("type").asString("api_error"),
                        data.path("error").path("message").asString("")));
                default -> {
                }
            }
        }

        @Override
        public void end() {
            // message_stop finished the answer; a stream cut before it is reported by the relay
        }

        @Override
        public void complete(JsonNode body) {
            usage(body.path("usage"));
            out.accept(new Started(body.path("id").asString(""), body.path("model").asString(""), usage()));
            int tools = 0;
            for (JsonNode block : body.path("content")) {
                switch (block.path("type").asString("")) {
                    case "text" -> out.accept(new TextDelta(block.path("text").asString("")));
                    case "tool_use" -> {
                        out.accept(new ToolStarted(tools, block.path("id").asString(""), block.path("name").asString("")));
                        out.accept(new ToolArguments(tools++, block.path("input").toString()));
                    }
                    default -> {
                    }
                }
            }
            stop = Stop.fromAnthropic(body.path("stop_reason").asString(null));
            finish();
        }

        private void finish() {
            if (!finished) {
                finished = true;
                out.accept(new Finished(stop, usage()));
            }
        }

        /** Streams report usage twice (start and delta); later non-zero values win. */
        private void usage(JsonNode u) {
            input = pick(u, "input_tokens", input);
            output = pick(u, "output_tokens", output);
            cacheWrite = pick(u, "cache_creation_input_tokens", cacheWrite);
            cacheRead = pick(u, "cache_read_input_tokens", cacheRead);
        }

        private Usage usage() {
            return new Usage(input, output, cacheWrite, cacheRead);
        }

        private static long pick(JsonNode u, String field, long before) {
            long v = u.path(field).asLong(0);
            return v > 0 ? v : before;
        }
    }

    final class Chat implements UpstreamAnswers {
        private final Consumer<AnswerEvent> out;
        private final Map<Integer, Integer> toolOfIndex = new HashMap<>();
        private boolean started;
        private boolean finished;
        private Stop stop;
        private Usage usage = Usage.NONE;

        Chat(Consumer<AnswerEvent> out) {
            this.out = out;
        }

        @Override
        public void event(JsonNode data) {
            if (data.has("error")) {
                out.accept(new AnswerEvent.Failed(data.path("error").path("type").asString("server_error"),
                        data.path("error").path("message").asString("")));
                return;
            }
            start(data);
            for (JsonNode choice : data.path("choices")) {
                JsonNode delta = choice.path("delta");
                String text = delta.path("content").asString("");
                if (!text.isEmpty()) {
                    out.accept(new TextDelta(text));
                }
                for (JsonNode call : delta.path("tool_calls")) {
                    int upstreamIndex = call.path("index").asInt(toolOfIndex.size());
                    Integer tool = toolOfIndex.get(upstreamIndex);
                    if (tool == null) {
                        tool = toolOfIndex.size();
                        toolOfIndex.put(upstreamIndex, tool);
                        out.accept(new ToolStarted(tool, call.path("id").asString("call_" + tool),
                                call.path("function").path("name").asString("")));
                    }
                    String args = call.path("function").path("arguments").asString("");
                    if (!args.isEmpty()) {
                        out.accept(new ToolArguments(tool, args));
                    }
                }
                if (choice.hasNonNull("finish_reason")) {
                    stop = Stop.fromChat(choice.path("finish_reason").asString());
                }
            }
            if (data.path("usage").isObject()) {
                usage = usage(data.path("usage"));
            }
        }

        @Override
        public void end() {
            if (started && !finished) {
                finished = true;
                out.accept(new Finished(stop == null ? Stop.END : stop, usage));
            }
        }

        @Override
        public void complete(JsonNode body) {
            usage = usage(body.path("usage"));
            start(body);
            JsonNode choice = body.path("choices").path(0);
            JsonNode message = choice.path("message");
            String text = message.path("content").asString("");
            if (!text.isEmpty()) {
                out.accept(new TextDelta(text));
            }
            int tools = 0;
            for (JsonNode call : message.path("tool_calls")) {
                out.accept(new ToolStarted(tools, call.path("id").asString("call_" + tools), call.path("function").path("name").asString("")));
                out.accept(new ToolArguments(tools++, call.path("function").path("arguments").asString("{}")));
            }
            stop = Stop.fromChat(choice.path("finish_reason").asString(null));
            end();
        }

        private void start(JsonNode data) {
            if (!started) {
                started = true;
                out.accept(new Started(data.path("id").asString(""), data.path("model").asString(""), Usage.NONE));
            }
        }

        private static Usage usage(JsonNode u) {
            return chatUsage(u);
        }
    }
}
