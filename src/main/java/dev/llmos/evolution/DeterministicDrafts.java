package dev.llmos.evolution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmos.trace.Trace;

/**
 * Drafts without a model, from the group alone: a name from its distinctive terms, a description
 * that says when to use the skill, representative requests, and the steps most successful answers
 * share (their list items and headings). Answers of the offline provider are not answers and are
 * never used.
 */
final class DeterministicDrafts {

    static final String EXAMPLES = "## Examples from use";
    static final String PITFALLS = "## Pitfalls seen";
    private static final Pattern STEP = Pattern.compile("^\\s*(?:\\d+[.)]|[-*+]|#{2,4})\\s+(.{3,200})$");
    private static final int REQUESTS = 5;
    private static final int STEPS = 10;

    private DeterministicDrafts() {
    }

    /** A readable title from the terms: "Invoice csv summary". */
    static String title(PatternGroup g) {
        List<String> terms = nameTerms(g);
        if (terms.isEmpty()) {
            return g.kind() == null ? "Recurring request" : capitalise(g.kind());
        }
        return capitalise(String.join(" ", terms));
    }

    /**
     * The three most distinctive terms, in the order a representative request says them, so the
     * name reads as a phrase ("quick dinner chickpea", not "chickpea dinner quick").
     */
    static List<String> nameTerms(PatternGroup g) {
        List<String> words = List.of(representative(g).get(0).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
        return g.terms().stream().limit(3).sorted(Comparator.comparingInt(term -> {
            for (int i = 0; i < words.size(); i++) {
                if (words.get(i).startsWith(term)) {
                    return i;
                }
            }
            return Integer.MAX_VALUE;
        })).toList();
    }

    static String description(PatternGroup g) {
        String about = g.terms().isEmpty() ? "this kind of request" : join(g.terms().stream().limit(4).toList());
        String when = g.kind() == null ? "Use for requests about " + about
                : "Use when asked to " + g.kind() + " involving " + about;
        String example = clip(representative(g).get(0), 160);
        String d = when + ", for example: \"" + example + "\". Drafted from " + g.count() + " similar requests ("
                + percent(g.successRate()) + " successful).";
        return d.length() <= 1000 ? d : d.substring(0, 997) + "...";
    }

    static String body(PatternGroup g, String title) {
        StringBuilder b = new StringBuilder("# ").append(title).append("\n\n## When to use\n\n")
                .append("Requests like these (").append(g.count()).append(" seen, ").append(percent(g.successRate()))
                .append(" successful):\n\n");
        for (String r : representative(g)) {
            b.append("- \"").append(clip(r, 200)).append("\"\n");
        }
        b.append("\n## Steps\n\n");
        List<String> steps = commonSteps(answers(g));
        if (answers(g).isEmpty()) {
            b.append("No model answered these requests (LLMos ran without one), so no steps could be learned; "
                    + "describe the workflow here.\n");
        } else if (steps.isEmpty()) {
            b.append("The successful answers share no common list of steps; describe the workflow here.\n");
        } else {
            for (int i = 0; i < steps.size(); i++) {
                b.append(i + 1).append(". ").append(steps.get(i)).append('\n');
            }
        }
        List<Trace> answered = g.successes().stream().filter(DeterministicDrafts::modelAnswered).toList();
        if (!answered.isEmpty()) {
            Trace t = answered.get(answered.size() - 1);
            b.append("\n## Example\n\nRequest: \"").append(clip(t.request(), 300)).append("\"\n\nA successful answer began:\n\n")
                    .append(quote(clip(t.response(), 1200))).append('\n');
        }
        appendPitfalls(b, g);
        return b.toString();
    }

    /** The base skill's body with its examples and pitfalls sections replaced by what this group shows. */
    static String updatedBody(String baseBody, PatternGroup g, String runId) {
        String body = removeSection(removeSection(baseBody, EXAMPLES), PITFALLS).stripTrailing();
        StringBuilder b = new StringBuilder(body).append("\n\n").append(EXAMPLES).append("\n\nRequests this skill served (")
                .append(g.count()).append(" seen, ").append(percent(g.successRate())).append(" successful; evolution run ")
                .append(runId).append("):\n\n");
        for (String r : representative(g)) {
            b.append("- \"").append(clip(r, 200)).append("\"\n");
        }
        appendPitfalls(b, g);
        return b.toString();
    }

    private static void appendPitfalls(StringBuilder b, PatternGroup g) {
        if (g.failures().isEmpty()) {
            return;
        }
        b.append('\n').append(PITFALLS).append("\n\nThese went wrong; check for the same causes:\n\n");
        g.failures().stream().limit(REQUESTS).forEach(t -> b.append("- \"").append(clip(t.request(), 160)).append("\": ")
                .append(t.ok() ? "the answer was rejected or the request had to be asked again"
                        : "failed (" + clip(t.error() == null ? "error" : t.error(), 120) + ")").append('\n'));
    }

    /** Removes a {@code ## heading} section up to the next heading of the same level. */
    static String removeSection(String body, String heading) {
        int start = body.indexOf(heading);
        if (start < 0) {
            return body;
        }
        int end = body.indexOf("\n## ", start + heading.length());
        return body.substring(0, start) + (end < 0 ? "" : body.substring(end + 1));
    }

    /** Distinct requests, shortest-first among the successful ones (short requests read best as examples). */
    static List<String> representative(PatternGroup g) {
        List<Trace> pool = g.successes().isEmpty() ? g.members() : g.successes();
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        pool.stream().map(t -> t.request() == null ? "" : t.request().strip().replaceAll("\\s+", " "))
                .filter(r -> !r.isEmpty())
                .sorted(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()))
                .forEach(r -> {
                    if (out.size() < REQUESTS && seen.add(r.toLowerCase(Locale.ROOT))) {
                        out.add(r);
                    }
                });
        if (out.isEmpty()) {
            out.add("(no request text)");
        }
        return out;
    }

    static boolean modelAnswered(Trace t) {
        return t.ok() && !"offline".equals(t.provider()) && t.response() != null && !t.response().isBlank();
    }

    private static List<String> answers(PatternGroup g) {
        return g.successes().stream().filter(DeterministicDrafts::modelAnswered).map(Trace::response).toList();
    }

    /**
     * Steps (list items and headings) found in at least half of the answers, at least two, in the
     * order they usually come; with a single answer, its own steps.
     */
    static List<String> commonSteps(List<String> answers) {
        Map<String, String> shown = new LinkedHashMap<>();
        Map<String, Integer> count = new HashMap<>();
        Map<String, Double> position = new HashMap<>();
        for (String answer : answers) {
            List<String> steps = steps(answer);
            Set<String> once = new HashSet<>();
            for (int i = 0; i < steps.size(); i++) {
                String key = normalise(steps.get(i));
                if (key.isEmpty() || !once.add(key)) {
                    continue;
                }
                shown.putIfAbsent(key, steps.get(i));
                count.merge(key, 1, Integer::sum);
                position.merge(key, (double) i / Math.max(1, steps.size()), Double::sum);
            }
        }
        int needed = answers.size() == 1 ? 1 : Math.max(2, (answers.size() + 1) / 2);
        return count.entrySet().stream().filter(e -> e.getValue() >= needed)
                .sorted(Comparator.comparingDouble(e -> position.get(e.getKey()) / e.getValue()))
                .limit(STEPS).map(e -> shown.get(e.getKey())).toList();
    }

    private static List<String> steps(String answer) {
        List<String> out = new ArrayList<>();
        boolean code = false;
        for (String line : answer.split("\n")) {
            if (line.strip().startsWith("```")) {
                code = !code;
                continue;
            }
            Matcher m = STEP.matcher(line);
            if (!code && m.matches()) {
                out.add(m.group(1).strip().replaceAll("\\*\\*", ""));
            }
        }
        return out;
    }

    private static String normalise(String step) {
        return step.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} ]+", " ").replaceAll("\\s+", " ").strip();
    }

    private static String quote(String text) {
        return "> " + text.replace("\n", "\n> ");
    }

    static String clip(String s, int max) {
        String t = s == null ? "" : s.strip();
        return t.length() <= max ? t : t.substring(0, max - 3).stripTrailing() + "...";
    }

    static String percent(double rate) {
        return Math.round(rate * 100) + "%";
    }

    private static String join(List<String> terms) {
        if (terms.size() <= 1) {
            return String.join("", terms);
        }
        return String.join(", ", terms.subList(0, terms.size() - 1)) + " and " + terms.get(terms.size() - 1);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
