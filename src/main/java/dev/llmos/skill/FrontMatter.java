package dev.llmos.skill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.JsonSchema;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Splits a Markdown file into its {@code ---} front matter and body, and reads the front matter.
 *
 * <p>Strict YAML first; real files are often sloppy ({@code globs: **}{@code /*} is an alias
 * to YAML), so when YAML fails a line-based reader takes over and a warning says so.
 */
public record FrontMatter(Map<String, Object> fields, Map<String, Integer> lines, String body, boolean present,
                   List<SkillProblem> problems) {

    private static final Pattern TOP_KEY = Pattern.compile("^([A-Za-z_][A-Za-z0-9_-]*)\\s*:(.*)$");
    private static final Pattern NESTED_KEY = Pattern.compile("^(\\s+)([A-Za-z_][A-Za-z0-9_-]*)\\s*:.*$");
    private static final Pattern BLOCK_SCALAR = Pattern.compile("^([|>])[0-9]?[-+]?[0-9]?$");
    private static final int MAX_YAML_CODE_POINTS = 256 * 1024;

    /**
     * SnakeYAML's default (JSON) schema, except that numbers stay text as written: every skill field is text,
     * and {@code version: 1.10} must not turn into {@code "1.1"} (nor {@code 010} into {@code "10"}).
     */
    private static final Schema TEXT_NUMBERS = new Schema() {
        private final JsonSchema json = new JsonSchema();
        private final ScalarResolver resolver = (value, implicit) -> {
            Tag tag = json.getScalarResolver().resolve(value, implicit);
            return Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) ? Tag.STR : tag;
        };

        @Override
        public ScalarResolver getScalarResolver() {
            return resolver;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
            return json.getSchemaTagConstructors();
        }
    };

    public static FrontMatter parse(String file, String text) {
        String normalized = normalize(text);
        List<SkillProblem> problems = new ArrayList<>();
        String[] all = normalized.split("\n", -1);
        if (!all[0].stripTrailing().equals("---")) {
            return new FrontMatter(Map.of(), Map.of(), normalized, false, problems);
        }
        int close = -1;
        for (int i = 1; i < all.length; i++) {
            String line = all[i].stripTrailing();
            if (line.equals("---") || line.equals("...")) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            problems.add(SkillProblem.error(file, "front matter", 1, "the '---' block is never closed"));
            return new FrontMatter(Map.of(), Map.of(), normalized, true, problems);
        }
        List<String> yamlLines = List.of(all).subList(1, close);
        String yaml = String.join("\n", yamlLines);
        StringBuilder body = new StringBuilder();
        for (int i = close + 1; i < all.length; i++) {
            body.append(all[i]);
            if (i < all.length - 1) {
                body.append('\n');
            }
        }
        Map<String, Integer> lines = keyLines(yamlLines);
        Map<String, Object> fields;
        try {
            if (yaml.length() > MAX_YAML_CODE_POINTS) {
                // Refused before SnakeYAML reads it: its reader gets slow on very long lines.
                throw new YamlEngineException("front matter is longer than " + MAX_YAML_CODE_POINTS + " characters");
            }
            fields = strict(yaml);
        } catch (YamlBudget.TooBig e) {
            // Valid YAML built to grow (a "billion laughs"): no line-by-line reading makes sense of it.
            problems.add(SkillProblem.error(file, "front matter", 1, "not read: " + e.getMessage()));
            fields = new LinkedHashMap<>();
        } catch (StackOverflowError e) {
            // SnakeYAML recurses once per nesting level and has no depth limit: thousands of nested
            // [ or { overflow the stack. The parse is pure, so unwinding here loses nothing.
            problems.add(SkillProblem.warning(file, "front matter", 0,
                    "not valid YAML (nested too deeply); read line by line instead"));
            fields = lenient(yamlLines);
        } catch (YamlEngineException e) {
            int line = 0;
            if (e instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
                line = marked.getProblemMark().get().getLine() + 2; // +1 for the '---', +1 for 1-based
            }
            String reason = printable(e instanceof MarkedYamlEngineException m && m.getProblem() != null ? m.getProblem()
                    : firstLine(e.getMessage()));
            problems.add(SkillProblem.warning(file, "front matter", line,
                    "not valid YAML (" + reason + "); read line by line instead"));
            fields = lenient(yamlLines);
        }
        return new FrontMatter(fields, lines, stripLeadingBlank(body.toString()), true, problems);
    }

    static String normalize(String text) {
        String t = text;
        if (t.startsWith("\uFEFF")) {
            t = t.substring(1);
        }
        return t.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String stripLeadingBlank(String body) {
        int i = 0;
        while (i < body.length() && body.charAt(i) == '\n') {
            i++;
        }
        return body.substring(i);
    }

    /** SnakeYAML quotes the offending character raw, which may be a NUL or another control character. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString().strip();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> strict(String yaml) {
        if (yaml.isBlank()) {
            return new LinkedHashMap<>();
        }
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(10).setCodePointLimit(MAX_YAML_CODE_POINTS).setSchema(TEXT_NUMBERS).build();
        YamlBudget.check(yaml, settings, MAX_YAML_CODE_POINTS);
        Object loaded = new Load(settings).loadFromString(yaml);
        if (loaded == null) {
            return new LinkedHashMap<>();
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new YamlEngineException("front matter is not a mapping of keys to values");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** Reads {@code key: value}, indented {@code - item} lists and one level of nested keys. */
    static Map<String, Object> lenient(List<String> yamlLines) {
        Map<String, Object> out = new LinkedHashMap<>();
        String current = null;
        String block = null; // "|" or ">" while reading a block scalar's lines
        for (String raw : yamlLines) {
            boolean indented = !raw.isEmpty() && Character.isWhitespace(raw.charAt(0));
            if (block != null && (indented || raw.isBlank())) {
                String existing = (String) out.get(current);
                String line = raw.strip();
                String sep;
                if (existing.isEmpty() || (block.equals(">") && existing.endsWith("\n"))) {
                    sep = "";
                } else {
                    sep = block.equals("|") || line.isEmpty() ? "\n" : " ";
                }
                out.put(current, existing.isEmpty() && line.isEmpty() ? "" : existing + sep + line);
                continue;
            }
            block = null;
            if (raw.isBlank() || raw.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher top = TOP_KEY.matcher(raw);
            if (!indented && top.matches()) {
                current = top.group(1);
                String value = top.group(2).strip();
                if (BLOCK_SCALAR.matcher(value).matches()) {
                    block = value.substring(0, 1);
                    out.put(current, "");
                } else {
                    out.put(current, value.isEmpty() ? null : scalarOrFlowList(value));
                }
                continue;
            }
            if (current == null) {
                continue;
            }
            String item = raw.strip();
            Object existing = out.get(current);
            if (item.startsWith("- ") || item.equals("-")) {
                List<Object> list = existing instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
                list.add(unquote(item.substring(1).strip()));
                out.put(current, list);
            } else if (TOP_KEY.matcher(item).matches() && (existing == null || existing instanceof Map<?, ?>)) {
                Matcher nested = TOP_KEY.matcher(item);
                nested.matches();
                @SuppressWarnings("unchecked")
                Map<String, Object> map = existing instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
                map.put(nested.group(1), unquote(nested.group(2).strip()));
                out.put(current, map);
            } else if (existing instanceof String s) {
                out.put(current, s + " " + item); // a folded continuation line
            } else if (existing == null) {
                out.put(current, unquote(item)); // the value starts on the next line
            }
        }
        out.replaceAll((k, v) -> v instanceof String s ? s.strip() : v);
        return out;
    }

    private static Object scalarOrFlowList(String value) {
        if (value.startsWith("[") && value.endsWith("]")) {
            List<Object> items = new ArrayList<>();
            for (String part : SkillParser.splitTopLevel(value.substring(1, value.length() - 1), ",", true)) {
                items.add(unquote(part));
            }
            return items;
        }
        return unquote(value);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && ((s.startsWith("\"") && s.endsWith("\"")) || (s.startsWith("'") && s.endsWith("'")))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** Lines of top-level keys, and of their direct children as {@code parent.child}. */
    private static Map<String, Integer> keyLines(List<String> yamlLines) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        String parent = null;
        String childIndent = null;
        for (int i = 0; i < yamlLines.size(); i++) {
            String raw = yamlLines.get(i);
            Matcher m = TOP_KEY.matcher(raw);
            if (m.matches()) {
                parent = m.group(1);
                childIndent = null;
                lines.putIfAbsent(parent, i + 2); // line 1 is the opening '---'
                continue;
            }
            Matcher nested = NESTED_KEY.matcher(raw);
            if (parent != null && nested.matches()) {
                if (childIndent == null) {
                    childIndent = nested.group(1);
                }
                if (nested.group(1).equals(childIndent)) {
                    lines.putIfAbsent(parent + "." + nested.group(2), i + 2);
                }
            }
        }
        return lines;
    }

    /** The 1-based line of a key ({@code parent.child} for a nested one, falling back to its parent). */
    public int lineOf(String key) {
        Integer line = lines.get(key);
        if (line == null && key.contains(".")) {
            line = lines.get(key.substring(0, key.indexOf('.')));
        }
        return line != null ? line : present ? 1 : 0;
    }
}
