package dev.llmos.skill;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A {@code SKILL.md}'s front matter exactly as a strict Agent Skills reader sees it: the block between
 * a first line {@code ---} and the next {@code ---} line, read as YAML 1.2 with the core schema (so
 * {@code version: 1.10} is the number 1.1 and {@code on: True} a boolean, as JavaScript's {@code yaml}
 * reads them), as JSON values. Unlike {@link FrontMatter}, which is lenient so that sloppy files can be
 * imported, this reads only files that every reader agrees on; anything else has no such front matter.
 */
final class SpecFrontMatter {

    private static final Pattern OPEN = Pattern.compile("\\A---[ \\t]*\\r?\\n");
    private static final Pattern CLOSE = Pattern.compile("^---[ \\t]*\\r?$", Pattern.MULTILINE | Pattern.UNIX_LINES);
    private static final int MAX_DEPTH = 64;
    private static final int MAX_YAML_CHARS = 256 * 1024;
    private static final Object UNREPRESENTABLE = new Object();
    private static final LoadSettings YAML_1_2 = LoadSettings.builder().setAllowDuplicateKeys(false)
            .setMaxAliasesForCollections(10).setCodePointLimit(MAX_YAML_CHARS).setSchema(new CoreSchema()).build();

    private SpecFrontMatter() {
    }

    /**
     * The front matter as JSON values, or empty when the text has none that every strict reader would read
     * alike (no block, not YAML, not a mapping, or values JSON cannot carry, such as {@code .nan} or binary).
     */
    static Optional<Map<String, Object>> read(String text) {
        Matcher open = OPEN.matcher(text);
        if (!open.lookingAt()) {
            return Optional.empty();
        }
        String rest = text.substring(open.end());
        Matcher close = CLOSE.matcher(rest);
        if (!close.find()) {
            return Optional.empty();
        }
        String yaml = rest.substring(0, close.start());
        // Readers differ on what ends a line besides \n (a lone \r, U+2028, U+2029): such a block is not plain.
        if (yaml.length() > MAX_YAML_CHARS || yaml.replace("\r\n", "\n").indexOf('\r') >= 0
                || yaml.indexOf('\u2028') >= 0 || yaml.indexOf('\u2029') >= 0) {
            return Optional.empty();
        }
        Object loaded;
        try {
            loaded = new Load(YAML_1_2).loadFromString(yaml);
        } catch (YamlEngineException | StackOverflowError e) {
            return Optional.empty();
        }
        Object fields = loaded instanceof Map<?, ?> ? json(loaded, 0) : UNREPRESENTABLE;
        if (fields == UNREPRESENTABLE) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) fields;
        return Optional.of(map);
    }

    /** The value as JSON (string keys, finite numbers), or {@link #UNREPRESENTABLE} when JSON cannot carry it faithfully. */
    private static Object json(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            return UNREPRESENTABLE;
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? d : UNREPRESENTABLE;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                Object v = json(item, depth + 1);
                if (v == UNREPRESENTABLE) {
                    return UNREPRESENTABLE;
                }
                out.add(v);
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object v = json(e.getValue(), depth + 1);
                // Readers turn keys such as 1: or true: into text differently, so only text keys are plain.
                if (!(e.getKey() instanceof String key) || v == UNREPRESENTABLE) {
                    return UNREPRESENTABLE;
                }
                out.put(key, v);
            }
            return out;
        }
        return UNREPRESENTABLE; // binary, sets, timestamps from explicit tags
    }
}
