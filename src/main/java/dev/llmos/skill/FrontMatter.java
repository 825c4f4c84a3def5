package dev.llmos.skill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Splits a Markdown file into its {@code ---} front matter and body, and reads the front matter.
 *
 * <p>Strict YAML first; real files are often sloppy ({@code globs: **}{@code /*} is an alias
 * to YAML), so when YAML fails a line-based reader takes over and a warning says so.
 */
record FrontMatter(Map<String, Object> fields, Map<String, Integer> lines, String body, boolean present,
                   List<SkillProblem> problems) {

    private static final Pattern TOP_KEY = Pattern.compile("^([A-Za-z_][A-Za-z0-9_-]*)\\s*:(.*)$");
    private static final int MAX_YAML_CODE_POINTS = 256 * 1024;

    static FrontMatter parse(String file, String text) {
        String normalized = normalize(text);
        List<SkillProblem> problems = new ArrayList<>();
        if (!normalized.startsWith("---\n") && !normalized.equals("---")) {
            return new FrontMatter(Map.of(), Map.of(), normalized, false, problems);
        }
        String[] all = normalized.split("\n", -1);
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
            fields = strict(yaml);
        } catch (YamlEngineException e) {
            int line = 0;
            if (e instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
                line = marked.getProblemMark().get().getLine() + 2; // +1 for the '---', +1 for 1-based
            }
            String reason = e instanceof MarkedYamlEngineException m && m.getProblem() != null ? m.getProblem()
                    : firstLine(e.getMessage());
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
                .setMaxAliasesForCollections(10).setCodePointLimit(MAX_YAML_CODE_POINTS).build();
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
        for (String raw : yamlLines) {
            if (raw.isBlank() || raw.stripLeading().startsWith("#")) {
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            Matcher top = TOP_KEY.matcher(raw);
            if (!indented && top.matches()) {
                current = top.group(1);
                String value = top.group(2).strip();
                out.put(current, value.isEmpty() ? null : scalarOrFlowList(value));
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
            }
        }
        return out;
    }

    private static Object scalarOrFlowList(String value) {
        if (value.startsWith("[") && value.endsWith("]")) {
            List<Object> items = new ArrayList<>();
            for (String part : value.substring(1, value.length() - 1).split(",")) {
                if (!part.isBlank()) {
                    items.add(unquote(part.strip()));
                }
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

    private static Map<String, Integer> keyLines(List<String> yamlLines) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (int i = 0; i < yamlLines.size(); i++) {
            Matcher m = TOP_KEY.matcher(yamlLines.get(i));
            if (m.matches()) {
                lines.putIfAbsent(m.group(1), i + 2); // line 1 is the opening '---'
            }
        }
        return lines;
    }

    int lineOf(String key) {
        return lines.getOrDefault(key, present ? 1 : 0);
    }
}
