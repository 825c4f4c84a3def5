package dev.llmos.skill;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code <…>} placeholders of the templates LLMos ships ({@code <Skill name>}, {@code <situation>},
 * {@code <Blocker>}, …), and the skills that still hold them: a template saved before it was filled
 * in. Such a skill is kept and listed, but not offered to a model ({@link SkillSelector#isOffered})
 * until its name and description are its own; saving one answers with warnings
 * ({@link #warnings}). Only the shipped templates' own placeholders count, so {@code List<T>} or
 * {@code <div>} in a real skill never do.
 */
public final class TemplatePlaceholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Za-z][^<>\\n]{0,100}>");
    private static final Set<String> SHIPPED = shipped();

    private TemplatePlaceholders() {
    }

    private static Set<String> shipped() {
        Set<String> out = new LinkedHashSet<>();
        SystemLibrary.shippedFiles().forEach((path, bytes) -> {
            if (path.startsWith("templates/")) {
                out.addAll(find(new String(bytes, StandardCharsets.UTF_8), null));
            }
        });
        return Set.copyOf(out);
    }

    /** The template placeholders in {@code text}, in order of appearance, each once. */
    public static List<String> in(String text) {
        return find(text, SHIPPED);
    }

    private static List<String> find(String text, Set<String> known) {
        if (text == null || text.indexOf('<') < 0) {
            return List.of(); // the common case, and the cheap one
        }
        Set<String> out = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (known == null || known.contains(m.group())) {
                out.add(m.group());
            }
        }
        return new ArrayList<>(out);
    }

    /** Whether the name, description or keywords still hold a template placeholder: an unfilled template. */
    public static boolean unfilled(Skill skill) {
        return !in(skill.name()).isEmpty() || !in(skill.description()).isEmpty()
                || skill.keywords().stream().anyMatch(k -> !in(k).isEmpty());
    }

    /** What to tell someone who saves {@code skill}: each field still holding placeholders, and what that means. */
    public static List<SkillProblem> warnings(Skill skill) {
        List<SkillProblem> out = new ArrayList<>();
        String file = skill.path();
        note(out, file, "name", in(skill.name()));
        note(out, file, "description", in(skill.description()));
        note(out, file, "keywords", in(String.join(" ", skill.keywords())));
        List<String> body = in(skill.body());
        if (!body.isEmpty()) {
            out.add(SkillProblem.warning(file, "content", 0, "the body still has " + body.size() + " template placeholder"
                    + (body.size() == 1 ? "" : "s") + ": " + String.join(", ", body.subList(0, Math.min(5, body.size())))
                    + (body.size() > 5 ? ", …" : "")));
        }
        if (unfilled(skill)) {
            out.add(SkillProblem.warning(file, null, 0, "saved, but not offered to the model until its name, description "
                    + "and keywords are filled in"));
        }
        return out;
    }

    private static void note(List<SkillProblem> out, String file, String field, List<String> found) {
        if (!found.isEmpty()) {
            out.add(SkillProblem.warning(file, field, 0, "still the template's " + String.join(", ", found)));
        }
    }
}
