package dev.llmos.skill;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Reads skill files of every supported format into {@link Skill}s, with problems that name the
 * file, the field and the line. Import formats are converted into spec-valid Agent Skills; their
 * original fields are kept in {@code metadata} so nothing is lost.
 */
public final class SkillParser {

    /** The Agent Skills name rule, which LLMos uses for every skill id. */
    static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final int MAX_ID = 64;
    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_COMPATIBILITY = 500;
    private static final Set<String> SPEC_FIELDS = Set.of("name", "description", "license", "compatibility",
            "metadata", "allowed-tools");
    private static final DumpSettings FLOW_YAML = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.FLOW)
            .setWidth(100_000).setSplitLines(false).build();
    private static final Set<String> SEED_FIELDS = Set.of("name", "category", "description", "keywords");

    /** A parsed skill (null when errors prevent one) and everything noticed on the way. */
    public record Result(Skill skill, List<SkillProblem> problems) {
        public boolean ok() {
            return skill != null && problems.stream().noneMatch(SkillProblem::isError);
        }

        public List<SkillProblem> errors() {
            return problems.stream().filter(SkillProblem::isError).toList();
        }
    }

    private SkillParser() {
    }

    public static boolean isValidId(String id) {
        return id != null && id.length() <= MAX_ID && ID.matcher(id).matches();
    }

    /** Whether {@code path} is a skill's main file in a volume: {@code skills/{id}.md} or {@code skills/{id}/SKILL.md}. */
    static boolean isMainFile(String path) {
        if (!path.startsWith("skills/")) {
            return false;
        }
        String rest = path.substring("skills/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest.endsWith(".md") : slash > 0 && rest.substring(slash).equals("/SKILL.md");
    }

    /**
     * Parses a file as stored in a volume: {@code skills/{id}.md} (seed format) or
     * {@code skills/{id}/SKILL.md}. Returns null for paths that are not skills.
     */
    public static Result parseStored(String path, String text) {
        if (!isMainFile(path)) {
            return null;
        }
        String rest = path.substring("skills/".length());
        int slash = rest.indexOf('/');
        if (slash < 0 && rest.endsWith(".md")) {
            return parseSeed(path, rest.substring(0, rest.length() - 3), text);
        }
        if (slash > 0 && rest.substring(slash).equals("/SKILL.md")) {
            return parseAgentSkill(path, rest.substring(0, slash), text);
        }
        return null;
    }

    static Result parseSeed(String file, String id, String text) {
        FrontMatter fm = FrontMatter.parse(file, text);
        List<SkillProblem> problems = new ArrayList<>(fm.problems());
        if (!isValidId(id)) {
            problems.add(SkillProblem.error(file, "id", 0, "file name '" + id
                    + "' is not a valid skill id (1-64 of a-z, 0-9 and single hyphens)"));
        }
        if (!fm.present()) {
            problems.add(SkillProblem.error(file, "front matter", 1, "missing: the file must start with a '---' block"));
        }
        Map<String, Object> f = fm.fields();
        String name = text(f, "name", file, fm, problems);
        if (name == null || name.isBlank()) {
            problems.add(SkillProblem.error(file, "name", fm.lineOf("name"), "is required"));
        } else if (name.length() > 200) {
            problems.add(SkillProblem.error(file, "name", fm.lineOf("name"), "is longer than 200 characters"));
        }
        String description = text(f, "description", file, fm, problems);
        if (description == null || description.isBlank()) {
            problems.add(SkillProblem.warning(file, "description", fm.lineOf("description"),
                    "is missing; say what the skill does and when to use it, or selection will rarely pick it"));
            description = SkillText.summary(fm.body(), "");
        } else if (description.length() > MAX_DESCRIPTION) {
            problems.add(SkillProblem.error(file, "description", fm.lineOf("description"),
                    "is longer than " + MAX_DESCRIPTION + " characters"));
        }
        for (String key : f.keySet()) {
            if (!SEED_FIELDS.contains(key)) {
                problems.add(SkillProblem.warning(file, key, fm.lineOf(key), "is not a seed-format field; ignored"));
            }
        }
        Skill skill = new Skill(id, name, description, text(f, "category", file, fm, problems),
                list(f, "keywords", ","), fm.body(), SkillFormat.SEED, false, List.of(), null, null,
                Map.of(), List.of(), List.of(), null, file, null);
        return finish(skill, problems);
    }

    static Result parseAgentSkill(String file, String folder, String text) {
        FrontMatter fm = FrontMatter.parse(file, text);
        List<SkillProblem> problems = new ArrayList<>(fm.problems());
        if (!fm.present()) {
            problems.add(SkillProblem.error(file, "front matter", 1, "missing: SKILL.md must start with a '---' block"));
        }
        Map<String, Object> f = fm.fields();
        String name = text(f, "name", file, fm, problems);
        if (name == null || name.isEmpty()) {
            problems.add(SkillProblem.error(file, "name", fm.lineOf("name"), "is required"));
        } else {
            if (!isValidId(name)) {
                problems.add(SkillProblem.error(file, "name", fm.lineOf("name"), "'" + name
                        + "' must be 1-64 characters of a-z, 0-9 and hyphens, without leading, trailing or double hyphens"));
            }
            if (folder != null && !name.equals(folder)) {
                problems.add(SkillProblem.error(file, "name", fm.lineOf("name"), "'" + name
                        + "' must equal the folder name '" + folder + "'"));
            }
        }
        String description = text(f, "description", file, fm, problems);
        if (description == null || description.isBlank()) {
            problems.add(SkillProblem.error(file, "description", fm.lineOf("description"), "is required"));
        } else if (description.length() > MAX_DESCRIPTION) {
            problems.add(SkillProblem.error(file, "description", fm.lineOf("description"),
                    "is " + description.length() + " characters; at most " + MAX_DESCRIPTION));
        }
        String compatibility = text(f, "compatibility", file, fm, problems);
        if (compatibility != null && compatibility.length() > MAX_COMPATIBILITY) {
            problems.add(SkillProblem.error(file, "compatibility", fm.lineOf("compatibility"),
                    "is " + compatibility.length() + " characters; at most " + MAX_COMPATIBILITY));
        }
        Map<String, String> metadata = metadata(f.get("metadata"), file, fm, problems);
        for (String key : f.keySet()) {
            if (!SPEC_FIELDS.contains(key)) {
                problems.add(SkillProblem.warning(file, key, fm.lineOf(key),
                        "is not an Agent Skills field; put extra data under metadata"));
            }
        }
        String id = folder != null ? folder : name;
        Skill skill = new Skill(id, metadata.getOrDefault("title", name), description, metadata.get("category"),
                splitList(metadata.get("keywords"), ","), fm.body(), SkillFormat.AGENT_SKILL,
                "true".equalsIgnoreCase(metadata.get("always-apply")), splitList(metadata.get("globs"), ","),
                text(f, "license", file, fm, problems), compatibility, metadata, list(f, "allowed-tools", " "),
                List.of(), null, file, null);
        return finish(skill, problems);
    }

    private static Result finish(Skill skill, List<SkillProblem> problems) {
        boolean fatal = problems.stream().anyMatch(p -> p.isError()
                && (p.field() == null || p.field().equals("front matter") || p.field().equals("id")));
        return new Result(fatal ? null : skill, List.copyOf(problems));
    }

    static String text(Map<String, Object> f, String key, String file, FrontMatter fm, List<SkillProblem> problems) {
        Object v = f.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l) {
            return String.join(", ", l.stream().map(String::valueOf).toList());
        }
        if (v instanceof Map<?, ?>) {
            problems.add(SkillProblem.error(file, key, fm.lineOf(key), "must be text, not a mapping"));
            return null;
        }
        return String.valueOf(v).strip();
    }

    static List<String> list(Map<String, Object> f, String key, String separator) {
        Object v = f.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().filter(java.util.Objects::nonNull).map(x -> String.valueOf(x).strip())
                    .filter(s -> !s.isEmpty()).toList();
        }
        return splitList(String.valueOf(v), separator);
    }

    /**
     * Splits a one-line list. {@code " "} means whitespace, or commas when the value has any
     * ({@code allowed-tools: Bash, Read} is common); separators inside {@code {}}, {@code []} or
     * {@code ()} do not split, so {@code **}{@code /*.{ts,tsx}} stays one glob.
     */
    static List<String> splitList(String value, String separator) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        if (separator.equals(" ")) {
            boolean commas = !splitTopLevel(value, ",", false).equals(List.of(value.strip()));
            return splitTopLevel(value, commas ? "," : " ", false);
        }
        return splitTopLevel(value, separator, false);
    }

    /**
     * Splits at {@code separator} ({@code " "}: any whitespace) where it is not nested in brackets
     * (nor, with {@code quotes}, inside quotes); unbalanced text is split plainly.
     */
    static List<String> splitTopLevel(String value, String separator, boolean quotes) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (quotes && (c == '"' || c == '\'') && current.toString().isBlank()) {
                quote = c;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if ((c == '}' || c == ']' || c == ')') && depth > 0) {
                depth--;
            } else if (depth == 0 && (separator.equals(" ") ? Character.isWhitespace(c) : value.startsWith(separator, i))) {
                addStripped(out, current);
                i += separator.equals(" ") ? 0 : separator.length() - 1;
                continue;
            }
            current.append(c);
        }
        if (depth != 0 || quote != 0) {
            String regex = separator.equals(" ") ? "\\s+" : Pattern.quote(separator);
            return Arrays.stream(value.split(regex)).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        addStripped(out, current);
        return List.copyOf(out);
    }

    private static void addStripped(List<String> out, StringBuilder item) {
        String s = item.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        item.setLength(0);
    }

    private static Map<String, String> metadata(Object raw, String file, FrontMatter fm, List<SkillProblem> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof Map<?, ?> map)) {
            problems.add(SkillProblem.error(file, "metadata", fm.lineOf("metadata"), "must be a mapping of keys to text"));
            return out;
        }
        map.forEach((k, v) -> {
            if (v instanceof Map<?, ?> || v instanceof List<?>) {
                problems.add(SkillProblem.warning(file, "metadata." + k, fm.lineOf("metadata." + k),
                        "should be text; stored as text"));
            }
            out.put(String.valueOf(k), v == null ? "" : asText(v));
        });
        return out;
    }

    /**
     * A front-matter value as metadata text: scalars as they are, a list of scalars comma-joined,
     * anything deeper as one line of flow YAML (never Java's {@code {k=v}}, which nothing can read back).
     */
    static String asText(Object v) {
        if (v instanceof List<?> l && l.stream().noneMatch(x -> x instanceof Map<?, ?> || x instanceof List<?>)) {
            return String.join(", ", l.stream().map(String::valueOf).toList());
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            return new Dump(FLOW_YAML).dumpToString(v).strip();
        }
        return String.valueOf(v);
    }

    /** Turns any text into a valid id: lower case, runs of other characters become one hyphen. */
    public static String toId(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", ""); // é -> e
        String id = folded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (id.length() > MAX_ID) {
            id = id.substring(0, MAX_ID).replaceAll("-+$", "");
        }
        return id.isEmpty() ? "skill" : id;
    }
}
