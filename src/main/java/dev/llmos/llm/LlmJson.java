package dev.llmos.llm;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON helpers shared by the providers (Jackson 3, like the rest of LLMos). */
final class LlmJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private LlmJson() {
    }

    /**
     * Parses a tool input (a JSON object). Blank means no arguments. Text that is not a JSON object
     * (a model can emit broken arguments) is kept under {@code _invalid_json} rather than lost.
     */
    static Map<String, Object> toolInput(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            Map<String, Object> parsed = MAPPER.readValue(json, MAP);
            return parsed == null ? new LinkedHashMap<>() : parsed;
        } catch (JacksonException e) {
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("_invalid_json", json);
            return raw;
        }
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Removes a secret from text that may be shown or logged; also caps its length. */
    static String scrub(String text, String secret) {
        if (text == null) {
            return "";
        }
        String out = text;
        if (secret != null && secret.length() >= 4) {
            out = out.replace(secret, "***");
        }
        return out.length() > 1000 ? out.substring(0, 1000) + "…" : out;
    }
}
