package dev.llmos.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.llmos.compat.AnswerEvent.Failed;
import dev.llmos.compat.AnswerEvent.Finished;
import dev.llmos.compat.AnswerEvent.Started;
import dev.llmos.compat.AnswerEvent.Stop;
import dev.llmos.compat.AnswerEvent.TextDelta;
import dev.llmos.compat.AnswerEvent.ToolArguments;
import dev.llmos.compat.AnswerEvent.ToolStarted;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An answer in the OpenAI Responses API's shape, for clients such as Codex: output items (a message,
 * function calls, custom tool calls with their namespace) and, streamed, the event sequence the official
 * SDK and Codex parse — {@code response.created}, {@code response.in_progress}, per item
 * {@code output_item.added}, its deltas and {@code .done} events, {@code output_item.done}, then
 * {@code response.completed} (or {@code response.incomplete} at the token limit, {@code response.failed}),
 * each with its {@code sequence_number}.
 */
final class ResponsesAnswer extends ClientAnswers {

    private final long created = System.currentTimeMillis() / 1000;
    private final List<ObjectNode> output = new ArrayList<>();
    private int sequence;
    /** The item being streamed: a message (text) or a call; null between items. */
    private ObjectNode open;
    private StringBuilder openText;
    private Call openCall;

    ResponsesAnswer(Context context) {
        super(context);
    }

    /** The output items, in order (what a later {@code previous_response_id} continues from). */
    List<ObjectNode> outputItems() {
        if (!context.stream()) {
            buildItems();
        }
        return List.copyOf(output);
    }

    @Override
    ObjectNode body() {
        buildItems();
        return response(status(), true);
    }

    /** A whole answer's items, built at the end (the stream builds them as it goes). */
    private void buildItems() {
        if (!output.isEmpty() || context.stream()) {
            return;
        }
        if (!text.isEmpty() || calls.isEmpty()) {
            output.add(message(newId("msg"), text.toString(), "completed"));
        }
        for (Call c : calls) {
            output.add(call(newId(isCustom(c.name) ? "ctc" : "fc"), c, "completed"));
        }
    }

    @Override
    void stream(AnswerEvent event) {
        if (event instanceof Started s) {
            send("response.created", JSON.createObjectNode().set("response", response("in_progress", false)));
            send("response.in_progress", JSON.createObjectNode().set("response", response("in_progress", false)));
        } else if (event instanceof TextDelta d) {
            if (openText == null) {
                closeItem();
                open = message(newId("msg"), "", "in_progress");
                openText = new StringBuilder();
                send("response.output_item.added", item(open));
                ObjectNode part = JSON.createObjectNode().put("item_id", open.path("id").asString()).put("output_index", output.size())
                        .put("content_index", 0);
                part.set("part", textPart(""));
                send("response.content_part.added", part);
            }
            openText.append(d.text());
            ObjectNode delta = JSON.createObjectNode().put("item_id", open.path("id").asString()).put("output_index", output.size())
                    .put("content_index", 0).put("delta", d.text());
            delta.putArray("logprobs");
            send("response.output_text.delta", delta);
        } else if (event instanceof ToolStarted t) {
            closeItem();
            openCall = calls.get(t.index());
            open = call(newId(isCustom(openCall.name) ? "ctc" : "fc"), openCall, "in_progress");
            send("response.output_item.added", item(open));
        } else if (event instanceof ToolArguments a) {
            if (openCall != null && !isCustom(openCall.name)) {
                send("response.function_call_arguments.delta", JSON.createObjectNode().put("item_id", open.path("id").asString())
                        .put("output_index", output.size()).put("delta", a.fragment()));
            }
            // a custom tool's input is inside its JSON arguments: sent whole when the call ends
        } else if (event instanceof Finished f) {
            closeItem();
            String status = status();
            send("response." + (status.equals("incomplete") ? "incomplete" : "completed"),
                    JSON.createObjectNode().set("response", response(status, true)));
        } else if (event instanceof Failed f) {
            closeItem();
            ObjectNode failed = response("failed", true);
            failed.putObject("error").put("code", "server_error").put("message", f.message());
            send("response.failed", JSON.createObjectNode().set("response", failed));
        }
    }

    private String status() {
        if (error != null) {
            return "failed";
        }
        return stop == Stop.LENGTH ? "incomplete" : "completed";
    }

    /** Ends the item being streamed with its {@code .done} events. */
    private void closeItem() {
        if (open == null) {
            return;
        }
        String id = open.path("id").asString();
        int index = output.size();
        if (openText != null) {
            String full = openText.toString();
            ObjectNode done = JSON.createObjectNode().put("item_id", id).put("output_index", index).put("content_index", 0)
                    .put("text", full);
            done.putArray("logprobs");
            send("response.output_text.done", done);
            ObjectNode part = JSON.createObjectNode().put("item_id", id).put("output_index", index).put("content_index", 0);
            part.set("part", textPart(full));
            send("response.content_part.done", part);
            open = message(id, full, "completed");
        } else {
            ObjectNode finished = call(id, openCall, "completed");
            if (isCustom(openCall.name)) {
                String input = finished.path("input").asString("");
                send("response.custom_tool_call_input.delta", JSON.createObjectNode().put("item_id", id).put("output_index", index)
                        .put("delta", input));
                send("response.custom_tool_call_input.done", JSON.createObjectNode().put("item_id", id).put("output_index", index)
                        .put("input", input));
            } else {
                send("response.function_call_arguments.done", JSON.createObjectNode().put("item_id", id).put("output_index", index)
                        .put("name", finished.path("name").asString()).put("arguments", finished.path("arguments").asString()));
            }
            open = finished;
        }
        send("response.output_item.done", item(open));
        output.add(open);
        open = null;
        openText = null;
        openCall = null;
    }

    private ObjectNode response(String status, boolean withOutput) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", context.id()).put("object", "response").put("created_at", created).put("status", status);
        r.putNull("error");
        if (status.equals("incomplete")) {
            r.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            r.putNull("incomplete_details");
        }
        r.putNull("instructions");
        r.put("model", model);
        ArrayNode items = r.putArray("output");
        if (withOutput) {
            output.forEach(items::add);
        }
        r.put("parallel_tool_calls", true);
        r.putNull("temperature");
        r.put("tool_choice", "auto");
        r.putArray("tools");
        r.putNull("top_p");
        r.putObject("metadata");
        if (withOutput) {
            long input = usage.inputTokens() + usage.cacheReadInputTokens() + usage.cacheCreationInputTokens();
            ObjectNode u = r.putObject("usage");
            u.put("input_tokens", input);
            u.putObject("input_tokens_details").put("cached_tokens", usage.cacheReadInputTokens());
            u.put("output_tokens", usage.outputTokens());
            u.putObject("output_tokens_details").put("reasoning_tokens", 0);
            u.put("total_tokens", input + usage.outputTokens());
        } else {
            r.putNull("usage");
        }
        return r;
    }

    private static ObjectNode message(String id, String text, String status) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id).put("type", "message").put("status", status).put("role", "assistant");
        ArrayNode content = m.putArray("content");
        if (status.equals("completed")) {
            content.add(textPart(text));
        }
        return m;
    }

    private static ObjectNode textPart(String text) {
        ObjectNode part = JSON.createObjectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    /** A call item, named as the client named the tool (its namespace apart), custom tools with their free-text input. */
    private ObjectNode call(String id, Call c, String status) {
        Conversation.Tool tool = context.tools().get(c.name);
        String name = tool == null ? c.name : tool.name();
        ObjectNode item = JSON.createObjectNode();
        boolean custom = tool != null && tool.custom();
        item.put("id", id).put("type", custom ? "custom_tool_call" : "function_call").put("status", status).put("call_id", c.id)
                .put("name", name);
        if (tool != null && tool.namespace() != null) {
            item.put("namespace", tool.namespace());
        }
        if (custom) {
            JsonNode args = input(c);
            item.put("input", status.equals("completed") ? args.path("input").asString(args.toString()) : "");
        } else {
            item.put("arguments", status.equals("completed") ? c.arguments.toString() : "");
        }
        return item;
    }

    private boolean isCustom(String wireName) {
        Conversation.Tool tool = context.tools().get(wireName);
        return tool != null && tool.custom();
    }

    private ObjectNode item(ObjectNode item) {
        ObjectNode e = JSON.createObjectNode().put("output_index", output.size());
        e.set("item", item);
        return e;
    }

    private void send(String type, ObjectNode data) {
        ObjectNode event = JSON.createObjectNode().put("type", type).put("sequence_number", sequence++);
        event.setAll(data);
        sse(type, event);
    }

    private static String newId(String prefix) {
        return prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
}
