package dev.llmos.compat;

import java.util.ArrayList;
import java.util.List;

import dev.llmos.llm.Usage;
import tools.jackson.databind.JsonNode;

/**
 * Reads a relayed answer for the trace: text, tool calls, model, stop reason, usage and in-stream
 * errors. It only watches; the bytes the client gets are the upstream's.
 */
sealed interface Meter permits Meter.Anthropic, Meter.OpenAi {

    static Meter of(Protocol protocol, boolean hideUsageChunk) {
        return protocol == Protocol.ANTHROPIC ? new Anthropic() : new OpenAi(hideUsageChunk);
    }

    /** One SSE {@code data:} payload; false when the event must not reach the client. */
    boolean event(JsonNode data);

    /** A whole non-streamed answer. */
    void complete(JsonNode body);

    Tally tally();

    /** What a relayed answer said, as far as the trace cares. */
    final class Tally {
        final StringBuilder text = new StringBuilder();
        final List<String> tools = new ArrayList<>();
        String model;
        String stopReason;
        String error;
        long input;
        long output;
        long cacheWrite;
        long cacheRead;

        Usage usage() {
            return new Usage(input, output, cacheWrite, cacheRead);
        }

        /** The answer as the trace records it: the text, then one line per tool call. */
        String answer() {
            StringBuilder out = new StringBuilder(text);
            for (String tool : tools) {
                out.append(out.isEmpty() ? "" : "\n").append("[tool_use: ").append(tool).append(']');
            }
            return out.toString();
        }
    }

    final class Anthropic implements Meter {
        private final Tally tally = new Tally();

        @Override
        public boolean event(JsonNode data) {
            switch (data.path("type").asString("")) {
                case "message_start" -> {
                    JsonNode message = data.path("message");
                    tally.model = message.path("model").asString(tally.model);
                    usage(message.path("usage"));
                }
                case "content_block_start" -> {
                    JsonNode block = data.path("content_block");
                    if ("tool_use".equals(block.path("type").asString(""))) {
                        tally.tools.add(block.path("name").asString("?"));
                    }
                }
                case "content_block_delta" -> {
                    JsonNode delta = data.path("delta");
                    if ("text_delta".equals(delta.path("type").asString(""))) {
                        tally.text.append(delta.path("text").asString(""));
                    }
                }
                case "message_delta" -> {
                    tally.stopReason = data.path("delta").path("stop_reason").asString(tally.stopReason);
                    usage(data.path("usage"));
                }
                case "error" -> tally.error = data.path("error").path("type").asString("error") + ": "
                        + data.path("error").path("message").asString("");
                default -> {
                }
            }
            return true;
        }

        @Override
        public void complete(JsonNode body) {
            tally.model = body.path("model").asString(null);
            tally.stopReason = body.path("stop_reason").asString(null);
            for (JsonNode block : body.path("content")) {
                String type = block.path("type").asString("");
                if ("text".equals(type)) {
                    tally.text.append(block.path("text").asString(""));
                } else if ("tool_use".equals(type)) {
                    tally.tools.add(block.path("name").asString("?"));
                }
            }
            usage(body.path("usage"));
        }

        /** Streams report usage twice (start and delta); later non-zero values win. */
        private void usage(JsonNode u) {
            tally.input = pick(u, "input_tokens", tally.input);
            tally.output = pick(u, "output_tokens", tally.output);
            tally.cacheWrite = pick(u, "cache_creation_input_tokens", tally.cacheWrite);
            tally.cacheRead = pick(u, "cache_read_input_tokens", tally.cacheRead);
        }

        private static long pick(JsonNode u, String field, long before) {
            long v = u.path(field).asLong(0);
            return v > 0 ? v : before;
        }

        @Override
        public Tally tally() {
            return tally;
        }
    }

    final class OpenAi implements Meter {
        private final Tally tally = new Tally();
        private final boolean hideUsageChunk;

        OpenAi(boolean hideUsageChunk) {
            this.hideUsageChunk = hideUsageChunk;
        }

        @Override
        public boolean event(JsonNode data) {
            if (data.has("error")) {
                tally.error = data.path("error").path("type").asString("error") + ": "
                        + data.path("error").path("message").asString("");
                return true;
            }
            tally.model = data.path("model").asString(tally.model);
            for (JsonNode choice : data.path("choices")) {
                JsonNode delta = choice.path("delta");
                tally.text.append(delta.path("content").asString(""));
                for (JsonNode call : delta.path("tool_calls")) {
                    String name = call.path("function").path("name").asString("");
                    if (!name.isEmpty()) {
                        tally.tools.add(name);
                    }
                }
                if (choice.hasNonNull("finish_reason")) {
                    tally.stopReason = choice.path("finish_reason").asString();
                }
            }
            JsonNode usage = data.path("usage");
            if (usage.isObject()) {
                usage(usage);
                // The usage chunk LLMos asked for on its own account: the client did not ask, so it is not sent.
                return !(hideUsageChunk && data.path("choices").isEmpty());
            }
            return true;
        }

        @Override
        public void complete(JsonNode body) {
            tally.model = body.path("model").asString(null);
            for (JsonNode choice : body.path("choices")) {
                JsonNode message = choice.path("message");
                tally.text.append(message.path("content").asString(""));
                for (JsonNode call : message.path("tool_calls")) {
                    tally.tools.add(call.path("function").path("name").asString("?"));
                }
                tally.stopReason = choice.path("finish_reason").asString(tally.stopReason);
            }
            usage(body.path("usage"));
        }

        /** prompt_tokens includes cached ones; LLMos counts them apart, as Anthropic does. */
        private void usage(JsonNode u) {
            long cached = u.path("prompt_tokens_details").path("cached_tokens").asLong(0);
            tally.input = Math.max(0, u.path("prompt_tokens").asLong(0) - cached);
            tally.output = u.path("completion_tokens").asLong(0);
            tally.cacheRead = cached;
        }

        @Override
        public Tally tally() {
            return tally;
        }
    }
}
