package dev.llmos.compat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.llmos.trace.RawRequest;
import dev.llmos.turn.Turn;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit copy of a request as the client sent it (before skills were injected). A harness resends
 * its whole conversation with every call, so only what this call adds is kept: for the first call of a
 * turn, the messages from the person's message on (what came before is in earlier turns' copies); for a
 * tool loop's later call, the messages from the last assistant message on. The system prompt and tool
 * definitions, identical call after call, are stored once per content ({@link RawRequest.SharedPart}).
 */
final class RawRequests {

    /** Larger parts are stored once and referenced; smaller ones stay inline. */
    private static final int SHARE_FROM_BYTES = 1024;
    /** Past this, the messages are left out of the copy (the trace still has the person's words). */
    private static final int MAX_BYTES = 512 * 1024;
    private static final JsonMapper JSON = JsonMapper.shared();

    private RawRequests() {
    }

    static RawRequest of(Protocol protocol, ObjectNode body, Turn turn) {
        ObjectNode copy = JSON.createObjectNode();
        List<RawRequest.SharedPart> shared = new ArrayList<>();
        String listField = body.has("messages") || !body.has("input") ? "messages" : "input";
        JsonNode list = body.path(listField);
        body.properties().forEach(e -> {
            if (!e.getKey().equals(listField)) {
                copy.set(e.getKey(), share(e.getKey(), e.getValue(), shared));
            }
        });
        if (list.isArray()) {
            int leading = 0; // leading system / developer messages: the prompt, shared like Anthropic's system
            while (leading < list.size() && isInstructions(list.get(leading))) {
                leading++;
            }
            if (leading > 0 && protocol != Protocol.ANTHROPIC) {
                ArrayNode prompt = JSON.createArrayNode();
                for (int i = 0; i < leading; i++) {
                    prompt.add(list.get(i));
                }
                copy.set("leading_instructions", share("leading_instructions", prompt, shared));
            }
            int from = turn.step() > 1 ? lastAssistant(list) : turn.historyIndex();
            ArrayNode kept = copy.putArray(listField);
            for (int i = Math.max(from, Math.min(leading, list.size())); i < list.size(); i++) {
                kept.add(list.get(i));
            }
            copy.put(listField + "_from", Math.max(from, leading));
            copy.put(listField + "_total", list.size());
        } else if (!list.isMissingNode()) {
            copy.set(listField, list);
        }
        byte[] json = JSON.writeValueAsBytes(copy);
        if (json.length > MAX_BYTES) {
            copy.remove(listField);
            copy.put(listField + "_omitted_bytes", json.length);
            json = JSON.writeValueAsBytes(copy);
        }
        return new RawRequest(json, shared);
    }

    private static JsonNode share(String field, JsonNode value, List<RawRequest.SharedPart> shared) {
        if (!value.isContainer() && !(value.isString() && value.asString().length() >= SHARE_FROM_BYTES)) {
            return value;
        }
        byte[] bytes = JSON.writeValueAsBytes(value);
        if (bytes.length < SHARE_FROM_BYTES) {
            return value;
        }
        String name = "sha256-" + sha256(bytes);
        shared.add(new RawRequest.SharedPart(name, bytes));
        return JSON.createObjectNode().put("$shared", name).put("field", field);
    }

    private static boolean isInstructions(JsonNode message) {
        String role = message.path("role").asString("");
        return role.equals("system") || role.equals("developer");
    }

    private static int lastAssistant(JsonNode list) {
        for (int i = list.size() - 1; i >= 0; i--) {
            JsonNode m = list.get(i);
            String type = m.path("type").asString("");
            if ("assistant".equals(m.path("role").asString("")) || type.endsWith("_call") || type.equals("reasoning")) {
                int j = i;
                while (j > 0 && isAssistantOutput(list.get(j - 1))) {
                    j--; // a Responses answer is several items: reasoning, message, calls
                }
                return j;
            }
        }
        return 0;
    }

    private static boolean isAssistantOutput(JsonNode item) {
        String type = item.path("type").asString("");
        return "assistant".equals(item.path("role").asString("")) || type.endsWith("_call") || type.equals("reasoning");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
