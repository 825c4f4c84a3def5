package dev.llmos.compat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.llmos.llm.Usage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a relayed answer for the trace: text, tool calls, model, stop reason, usage and in-stream
 * errors. A relaying meter only watches (the bytes the client gets are the upstream's); a
 * {@link Translating} one writes the answer anew in the client's protocol.
 */
sealed interface Meter permits Meter.Anthropic, Meter.OpenAi, Meter.Responses, Meter.Translating {

    byte[] NOTHING = new byte[0];

    /** For an answer relayed as the upstream sends it (client and upstream speak the same protocol). */
    static Meter of(Protocol protocol, boolean hideUsageChunk) {
        return switch (protocol) {
            case ANTHROPIC -> new Anthropic();
            case OPENAI -> new OpenAi(hideUsageChunk);
            case RESPONSES -> new Responses();
        };
    }

    /** One SSE {@code data:} payload; false when the event must not reach the client. */
    boolean event(JsonNode data);

    /** A whole non-streamed answer. */
    void complete(JsonNode body);

    Tally tally();

    /** Bytes of its own to send after the events given so far (a translation's); none by default. */
    default byte[] drain() {
        return NOTHING;
    }

    /** The upstream's stream ended. */
    default void end() {
    }

    /** The body the client gets for a whole answer: the upstream's unless translated. */
    default byte[] rewrite(byte[] body) {
        return body;
    }

    /** An upstream error body, as the client gets it: the upstream's unless translated. */
    default byte[] rewriteError(int status, byte[] body, String message) {
        return body;
    }

    /** The in-stream error event telling the client the upstream's stream broke, in the client's protocol. */
    byte[] cut(String message);

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

        void set(Usage u) {
            input = u.inputTokens();
            output = u.outputTokens();
            cacheWrite = u.cacheCreationInputTokens();
            cacheRead = u.cacheReadInputTokens();
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

        @Override
        public byte[] cut(String message) {
            return ("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
                    + JsonMapper.shared().writeValueAsString(message) + "}}\n\n").getBytes(StandardCharsets.UTF_8);
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

        private void usage(JsonNode u) {
            tally.set(UpstreamAnswers.chatUsage(u));
        }

        @Override
        public Tally tally() {
            return tally;
        }

        @Override
        public byte[] cut(String message) {
            return ("data: {\"error\":{\"message\":" + JsonMapper.shared().writeValueAsString(message)
                    + ",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The Responses API relayed to an upstream that serves it: the trace reads its items and usage. */
    final class Responses implements Meter {
        private final Tally tally = new Tally();

        @Override
        public boolean event(JsonNode data) {
            switch (data.path("type").asString("")) {
                case "response.output_text.delta" -> tally.text.append(data.path("delta").asString(""));
                case "response.output_item.added" -> {
                    String type = data.path("item").path("type").asString("");
                    if (type.endsWith("_call")) {
                        tally.tools.add(data.path("item").path("name").asString(type));
                    }
                }
                case "response.completed", "response.incomplete", "response.failed" -> response(data.path("response"));
                case "error" -> tally.error = data.path("code").asString("error") + ": " + data.path("message").asString("");
                default -> {
                }
            }
            return true;
        }

        @Override
        public void complete(JsonNode body) {
            for (JsonNode item : body.path("output")) {
                String type = item.path("type").asString("");
                if (type.equals("message")) {
                    item.path("content").forEach(c -> tally.text.append(c.path("text").asString("")));
                } else if (type.endsWith("_call")) {
                    tally.tools.add(item.path("name").asString(type));
                }
            }
            response(body);
        }

        private void response(JsonNode r) {
            tally.model = r.path("model").asString(tally.model);
            tally.stopReason = r.path("status").asString(tally.stopReason);
            if (r.path("error").isObject()) {
                tally.error = r.path("error").path("code").asString("error") + ": " + r.path("error").path("message").asString("");
            }
            tally.set(UpstreamAnswers.responsesUsage(r.path("usage")));
        }

        @Override
        public Tally tally() {
            return tally;
        }

        @Override
        public byte[] cut(String message) {
            ObjectNode event = JsonMapper.shared().createObjectNode().put("type", "error").put("code", "server_error")
                    .put("message", message).putNull("param");
            return ("event: error\ndata: " + JsonMapper.shared().writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * An answer from an upstream of another protocol: read into {@link AnswerEvent}s, written anew in the
     * client's protocol; the upstream's own bytes never reach the client.
     */
    final class Translating implements Meter {
        private final Protocol client;
        private final ClientAnswers answer;
        private final UpstreamAnswers upstream;

        Translating(Protocol client, Protocol upstreamProtocol, ClientAnswers answer) {
            this.client = client;
            this.answer = answer;
            this.upstream = UpstreamAnswers.of(upstreamProtocol, answer::accept);
        }

        ClientAnswers answer() {
            return answer;
        }

        @Override
        public boolean event(JsonNode data) {
            upstream.event(data);
            return false;
        }

        @Override
        public void complete(JsonNode body) {
            upstream.complete(body);
        }

        @Override
        public byte[] drain() {
            return answer.drain();
        }

        @Override
        public void end() {
            upstream.end();
        }

        @Override
        public byte[] rewrite(byte[] body) {
            return JsonMapper.shared().writeValueAsBytes(answer.body());
        }

        @Override
        public byte[] rewriteError(int status, byte[] body, String message) {
            return client.errorBody(status, message);
        }

        @Override
        public byte[] cut(String message) {
            answer.accept(new AnswerEvent.Failed("api_error", message));
            return answer.drain();
        }

        @Override
        public Tally tally() {
            Tally t = new Tally();
            t.text.append(answer.text);
            answer.calls.forEach(c -> t.tools.add(c.name));
            t.model = answer.model;
            t.stopReason = answer.stop.anthropic();
            t.error = answer.error;
            t.set(answer.usage);
            return t;
        }
    }
}