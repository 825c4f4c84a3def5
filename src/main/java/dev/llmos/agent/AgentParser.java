package dev.llmos.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.llmos.skill.FrontMatter;
import dev.llmos.skill.SkillProblem;

/** Reads {@code agents/{name}.md}. Every problem is reported with its field and line, as for skills. */
public final class AgentParser {

    /** The agent (null when an error stops it), and what is wrong with the file. */
    public record Result(Agent agent, List<SkillProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern PATH = Pattern.compile("agents/([^/]+)\\.md");
    static final int MAX_STEPS = 100;

    private AgentParser() {
    }

    /** Whether {@code name} is a legal agent name (and so safe in the path {@code agents/{name}.md}). */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Whether {@code path} is an agent's file ({@code agents/{name}.md}, directly in the folder). */
    static boolean isAgentPath(String path) {
        return PATH.matcher(path).matches();
    }

    /** The name an agent file's path gives it. */
    static String nameOf(String path) {
        var m = PATH.matcher(path);
        return m.matches() ? m.group(1) : null;
    }

    public static Result parse(String path, String text) {
        FrontMatter fm = FrontMatter.parse(path, text);
        List<SkillProblem> problems = new ArrayList<>(fm.problems());
        if (!fm.present()) {
            problems.add(error(path, "front matter", 1, "an agent starts with a '---' front matter block (name, description, tools, ...)"));
            return new Result(null, problems);
        }
        Map<String, Object> f = fm.fields();
        String fileName = nameOf(path);
        String name = text(f.get("name"));
        if (name == null) {
            name = fileName;
        }
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(error(path, "name", fm.lineOf("name"), "must be 1-64 lower-case letters, digits or '-'"));
        } else if (fileName != null && !name.equals(fileName)) {
            problems.add(error(path, "name", fm.lineOf("name"), "'" + name + "' does not match the file name '" + fileName + ".md'"));
        }
        String description = text(f.get("description"));
        if (description == null) {
            problems.add(error(path, "description", fm.lineOf("description"), "is required: say what the agent is for (other agents read it to pick one)"));
        }
        String model = text(f.get("model"));
        List<String> skills = list(f.get("skills"));
        for (String s : skills) {
            if (!NAME.matcher(s).matches()) {
                problems.add(error(path, "skills", fm.lineOf("skills"), "'" + s + "' is not a skill id"));
            }
        }
        List<String> tools = list(f.get("tools"));
        for (String t : tools) {
            if (!Agent.TOOLS.contains(t)) {
                problems.add(error(path, "tools", fm.lineOf("tools"), "unknown tool '" + t + "' (known: delegate, load_skill, search_skills)"));
            }
        }
        int maxSteps = 0;
        String steps = text(f.get("max_steps"));
        if (steps != null) {
            try {
                maxSteps = Integer.parseInt(steps);
            } catch (NumberFormatException e) {
                maxSteps = -1;
            }
            if (maxSteps < 1 || maxSteps > MAX_STEPS) {
                problems.add(error(path, "max_steps", fm.lineOf("max_steps"), "must be a whole number from 1 to " + MAX_STEPS));
            }
        }
        String prompt = fm.body().strip();
        if (prompt.isEmpty()) {
            problems.add(error(path, "body", 0, "is empty: the body is the agent's system prompt"));
        }
        if (problems.stream().anyMatch(p -> p.severity() == SkillProblem.Severity.ERROR)) {
            return new Result(null, problems);
        }
        return new Result(new Agent(name, description, model, skills, tools, maxSteps, prompt, null, path, null), problems);
    }

    private static String text(Object value) {
        if (value == null || value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return null;
        }
        String s = String.valueOf(value).strip();
        return s.isEmpty() ? null : s;
    }

    /** A YAML list, or one comma-separated line. */
    private static List<String> list(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                String s = text(item);
                if (s != null) {
                    out.add(s);
                }
            }
        } else if (value != null) {
            for (String part : String.valueOf(value).split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static SkillProblem error(String file, String field, int line, String message) {
        return new SkillProblem(file, field, line, SkillProblem.Severity.ERROR, message);
    }
}
