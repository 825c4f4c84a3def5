package dev.llmos.compat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request LLMos sends upstream for a client's request: the client's own bytes with the skills put in
 * (same protocol), or the request translated into the upstream's protocol with the skills put in there
 * (with Claude's cache breakpoint), and what translation had to leave out.
 */
final class UpstreamRequests {

    /**
     * @param tools  the client's tools by the name the model sees (to name its calls in the client's terms)
     * @param hideUsageChunk an OpenAI stream for which LLMos asked for usage itself (the chunk is not relayed)
     */
    record Built(ObjectNode body, Protocol wire, List<String> dropped, Map<String, Conversation.Tool> tools,
                 boolean hideUsageChunk, boolean changed) {

        /**
         * The bytes to send: the client's own when nothing was changed (a relay forwards them as sent).
         *
         * @param edited the caller changed the request before building (e.g. took off the {@code +noskills} suffix)
         */
        byte[] bytes(byte[] original, boolean edited) {
            return changed || edited ? JSON.writeValueAsBytes(body) : original;
        }
    }

    private static final JsonMapper JSON = JsonMapper.shared();

    private UpstreamRequests() {
    }

    /**
     * @param json    the client's request (changed in place when it is relayed)
     * @param earlier for a Responses request with {@code previous_response_id}: that response's conversation
     * @param block   the skills block, or null for none
     */
    static Built build(Protocol client, ObjectNode json, Upstream upstream, String model, ArrayNode earlier, String block,
                       CompatSettings settings) {
        Protocol wire = upstream.speaks(client);
        if (wire == client) {
            boolean changed = block != null || !model.equals(json.path("model").asString(""));
            json.put("model", model);
            boolean hide = false;
            switch (client) {
                case ANTHROPIC -> {
                    if (block != null) {
                        SkillInjection.injectAnthropic(json, block);
                    }
                }
                case OPENAI -> {
                    if (block != null) {
                        SkillInjection.injectOpenAi(json, block);
                    }
                    if (json.path("stream").asBoolean(false) && !json.path("stream_options").path("include_usage").asBoolean(false)) {
                        // Usage is needed for the trace; the client did not ask for it, so the extra chunk is not relayed.
                        (json.path("stream_options").isObject() ? (ObjectNode) json.get("stream_options")
                                : json.putObject("stream_options")).put("include_usage", true);
                        hide = true;
                        changed = true;
                    }
                }
                case RESPONSES -> {
                    if (block != null) {
                        SkillInjection.injectResponses(json, block);
                    }
                }
            }
            return new Built(json, wire, List.of(), Map.of(), hide, changed);
        }
        Untranslatable refuse = new Untranslatable(settings.dropUnsupported(), wire.title());
        Conversation conversation = switch (client) {
            case ANTHROPIC -> ConversationReader.fromAnthropic(json, refuse);
            case OPENAI -> ConversationReader.fromChat(json, refuse);
            case RESPONSES -> ConversationReader.fromResponses(json, earlier, refuse);
        };
        ObjectNode out;
        if (wire == Protocol.ANTHROPIC) {
            out = ConversationWriter.toAnthropic(conversation, model, settings.maxOutputTokens(), refuse);
            if (block != null) {
                SkillInjection.injectAnthropic(out, block);
            }
        } else {
            out = ConversationWriter.toChat(conversation, model);
            if (block != null) {
                SkillInjection.injectOpenAi(out, block);
            }
        }
        Map<String, Conversation.Tool> tools = new LinkedHashMap<>();
        conversation.tools().forEach(t -> tools.put(t.wireName(), t));
        return new Built(out, wire, refuse.dropped(), tools, false, true);
    }

    /** A Responses request's conversation so far: the earlier response's, then this request's input items. */
    static ArrayNode responsesInput(JsonNode body, ArrayNode earlier) {
        ArrayNode items = JSON.createArrayNode();
        if (earlier != null) {
            items.addAll(earlier);
        }
        JsonNode input = body.path("input");
        if (input.isString()) {
            items.addObject().put("type", "message").put("role", "user").put("content", input.asString());
        } else {
            input.forEach(items::add);
        }
        return items;
    }
}
