package dev.llmos.compat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.llmos.compat.AnswerEvent.Failed;
import dev.llmos.compat.AnswerEvent.Finished;
import dev.llmos.compat.AnswerEvent.Started;
import dev.llmos.compat.AnswerEvent.Stop;
import dev.llmos.compat.AnswerEvent.TextDelta;
import dev.llmos.compat.AnswerEvent.ToolArguments;
import dev.llmos.compat.AnswerEvent.ToolStarted;
import dev.llmos.llm.Usage;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an answer, given as {@link AnswerEvent}s, in the client's protocol: a stream's events as they
 * come ({@link #accept} then {@link #drain}), or the whole JSON body at the end ({@link #body}). Every
 * answer collects what it said (text, tool calls, stop, usage), which is also what the trace records.
 */
abstract sealed class ClientAnswers permits ClientAnswers.Anthropic, ClientAnswers.Chat, ResponsesAnswer {

    /**
     * @param id           the answer's id as the client sees it (protocol prefix included)
     * @param model        shown when the upstream names none
     * @param includeUsage Chat Completions streams: send the usage chunk (the client asked for it)
     * @param tools        the request's tools by the name the model sees, to name its calls in the client's terms
     */
    record Context(String id, String model, boolean stream, boolean includeUsage, Map<String, Conversation.Tool> tools) {
    }

    /** A tool call as it stands so far. */
    static final class Call {
        final String id;
        final String name;
        final StringBuilder arguments = new StringBuilder();

        Call(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    static final JsonMapper JSON = JsonMapper.shared();

    final Context context;
    final StringBuilder text = new StringBuilder();
    final List<Call> calls = new ArrayList<>();
    String model;
    Stop stop = Stop.END;
    Usage usage = Usage.NONE;
    String error;
    private final StringBuilder pending = new StringBuilder();

    ClientAnswers(Context context) {
        this.context = context;
        this.model = context.model();
    }

    static ClientAnswers of(Protocol client, Context context) {
        return switch (client) {
            case ANTHROPIC -> new Anthropic(context);
            case OPENAI -> new Chat(context);
            case RESPONSES -> new ResponsesAnswer(context);
        };
    }

    /** Takes one event; a stream's bytes for it wait in {@link #drain}. */
    final void accept(AnswerEvent event) {
        if (event instanceof Started s) {
            if (s.model() != null && !s.model().isBlank()) {
                model = s.model();
            }
            usage = s.usage();
        } else if (event instanceof TextDelta d) {
            text.append(d.text());
        } else if (event instanceof ToolStarted t) {
            calls.add(new Call(t.id(), t.name()));
        } else if (event instanceof ToolArguments a) {
            calls.get(a.index()).arguments.append(a.fragment());
        } else if (event instanceof Finished f) {
            stop = f.stop();
            usage = f.usage();
        } else if (event instanceof Failed f) {
            error = f.type() + ": " + f.message();
        }
        if (context.stream()) {
            stream(event);
        }
    }

    /** The stream's bytes since the last call. */
    final byte[] drain() {
        byte[] out = pending.toString().getBytes(StandardCharsets.UTF_8);
        pending.setLength(0);
        return out;
    }

    /** The whole answer as one JSON body (non-streamed requests). */
    abstract ObjectNode body();

    abstract void stream(AnswerEvent event);

    final void sse(String name, ObjectNode data) {
        if (name != null) {
            pending.append("event: ").append(name).append('\n');
        }
        pending.append("data: ").append(JSON.writeValueAsString(data)).append("\n\n");
    }

    final void raw(String line) {
        pending.append(line);
    }

    /** Anthropic Messages. */
    static final class Anthropic extends ClientAnswers {
        private int block = -1;
        private boolean blockOpen;
        private boolean textOpen;

        Anthropic(Context context) {
            super(context);
        }

        @Override
        ObjectNode body() {
            ObjectNode out = JSON.createObjectNode();
            out.put("id", context.id()).put("type", "message").put("role", "assistant").put("model", model);
            ArrayNode content = out.putArray("content");
            if (!text.isEmpty() || calls.isEmpty()) {
                content.addObject().put("type", "text").put("text", text.toString());
            }
            for (Call c : calls) {
                content.addObject().put("type", "tool_use").put("id", c.id).put("name", c.name).set("input", input(c));
            }
            out.put("stop_reason", stop.anthropic());
            out.putNull("stop_sequence");
            usage(out.putObject("usage"));
            return out;
        }

        @Override
        void stream(AnswerEvent event) {
            if (event instanceof Started s) {
                ObjectNode start = JSON.createObjectNode().put("type", "message_start");
                ObjectNode message = start.putObject("message");
                message.put("id", context.id()).put("type", "message").put("role", "assistant").put("model", model);
                message.putArray("content");
                message.putNull("stop_reason");
                message.putNull("stop_sequence");
                usage(message.putObject("usage"));
                sse("message_start", start);
            } else if (event instanceof TextDelta d) {
                if (!textOpen) {
                    closeBlock();
                    block++;
                    blockOpen = true;
                    textOpen = true;
                    ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", block);
                    start.putObject("content_block").put("type", "text").put("text", "");
                    sse("content_block_start", start);
                }
                ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", block);
                delta.putObject("delta").put("type", "text_delta").put("text", d.text());
                sse("content_block_delta", delta);
            } else if (event instanceof ToolStarted t) {
                closeBlock();
                block++;
                blockOpen = true;
                ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", block);
                start.putObject("content_block").put("type", "tool_use").put("id", t.id()).put("name", t.name())
                        .putObject("input");
                sse("content_block_start", start);
            } else if (event instanceof ToolArguments a) {
                ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", block);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", a.fragment());
                sse("content_block_delta", delta);
            } else if (event instanceof Finished f) {
                closeBlock();
                ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
                delta.putObject("delta").put("stop_reason", stop.anthropic()).putNull("stop_sequence");
                usage(delta.putObject("usage"));
                sse("message_delta", delta);
                sse("message_stop", JSON.createObjectNode().put("type", "message_stop"));
            } else if (event instanceof Failed f) {
                ObjectNode error = JSON.createObjectNode().put("type", "error");
                error.putObject("error").put("type", "api_error").put("message", f.message());
                sse("error", error);
            }
        }

        private void closeBlock() {
            if (blockOpen) {
                sse("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", block));
            }
            blockOpen = false;
            textOpen = false;
        }

        private void usage(ObjectNode u) {
            u.put("input_tokens", usage.inputTokens()).put("output_tokens", usage.outputTokens())
                    .put("cache_creation_input_tokens", usage.cacheCreationInputTokens())
                    .put("cache_read_input_tokens", usage.cacheReadInputTokens());
        }
    }

    /** OpenAI Chat Completions. */
    static final class Chat extends ClientAnswers {
        private final long created = System.currentTimeMillis() / 1000;

        Chat(Context context) {
            super(context);
        }

        @Override
        ObjectNode body() {
            ObjectNode out = JSON.createObjectNode();
            out.put("id", context.id()).put("object", "chat.completion").put("created", created).put("model", model);
            ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
            ObjectNode message = choice.putObject("message").put("role", "assistant");
            if (text.isEmpty() && !calls.isEmpty()) {
                message.putNull("content");
            } else {
                message.put("content", text.toString());
            }
            if (!calls.isEmpty()) {
                ArrayNode toolCalls = message.putArray("tool_calls");
                for (Call c : calls) {
                    toolCalls.addObject().put("id", c.id).put("type", "function").putObject("function")
                            .put("name", c.name).put("arguments", c.arguments.toString());
                }
            }
            choice.put("finish_reason", stop.chat());
            usage(out.putObject("usage"));
            return out;
        }

        @Override
        void stream(AnswerEvent event) {
            if (event instanceof Started s) {
                ObjectNode chunk = chunk();
                chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                        .putObject("delta").put("role", "assistant").put("content", "");
                sse(null, chunk);
            } else if (event instanceof TextDelta d) {
                ObjectNode chunk = chunk();
                chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                        .putObject("delta").put("content", d.text());
                sse(null, chunk);
            } else if (event instanceof ToolStarted t) {
                ObjectNode chunk = chunk();
                ObjectNode call = chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                        .putObject("delta").putArray("tool_calls").addObject();
                call.put("index", t.index()).put("id", t.id()).put("type", "function").putObject("function")
                        .put("name", t.name()).put("arguments", "");
                sse(null, chunk);
            } else if (event instanceof ToolArguments a) {
                ObjectNode chunk = chunk();
                chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                        .putObject("delta").putArray("tool_calls").addObject().put("index", a.index())
                        .putObject("function").put("arguments", a.fragment());
                sse(null, chunk);
            } else if (event instanceof Finished f) {
                ObjectNode chunk = chunk();
                chunk.withArray("choices").addObject().put("index", 0).put("finish_reason", stop.chat()).putObject("delta");
                sse(null, chunk);
                if (context.includeUsage()) {
                    ObjectNode last = chunk();
                    usage(last.putObject("usage"));
                    sse(null, last);
                }
                raw("data: [DONE]\n\n");
            } else if (event instanceof Failed f) {
                ObjectNode error = JSON.createObjectNode();
                error.putObject("error").put("message", f.message()).put("type", "server_error").putNull("param").putNull("code");
                sse(null, error);
            }
        }

        private ObjectNode chunk() {
            ObjectNode c = JSON.createObjectNode();
            c.put("id", context.id()).put("object", "chat.completion.chunk").put("created", created).put("model", model);
            c.putArray("choices");
            return c;
        }

        private void usage(ObjectNode u) {
            long prompt = usage.inputTokens() + usage.cacheReadInputTokens() + usage.cacheCreationInputTokens();
            u.put("prompt_tokens", prompt).put("completion_tokens", usage.outputTokens())
                    .put("total_tokens", prompt + usage.outputTokens());
            u.putObject("prompt_tokens_details").put("cached_tokens", usage.cacheReadInputTokens());
        }
    }

    static tools.jackson.databind.JsonNode input(Call c) {
        return ConversationWriter.arguments(c.arguments.toString());
    }
}
