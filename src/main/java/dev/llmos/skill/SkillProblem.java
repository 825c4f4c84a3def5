package dev.llmos.skill;

import java.util.List;

/**
 * Something wrong with a skill file, pinned to the file, the field and the line (1-based; 0 when
 * the problem is not on one line).
 */
public record SkillProblem(String file, String field, int line, Severity severity, String message) {

    public enum Severity { ERROR, WARNING }

    /** Longest message kept: messages quote the file, which may be hostile and huge. */
    static final int MAX_MESSAGE = 500;
    /** How many problems a one-line summary names. */
    private static final int SUMMARY = 5;

    public SkillProblem {
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "… (" + message.length() + " characters)";
        }
    }

    /** The errors in one line, the first few of them, for an exception's message. */
    public static String summary(List<SkillProblem> problems, String fallback) {
        List<SkillProblem> errors = problems.stream().filter(SkillProblem::isError).toList();
        if (errors.isEmpty()) {
            return fallback;
        }
        String shown = String.join("; ", errors.stream().limit(SUMMARY).map(SkillProblem::toString).toList());
        return errors.size() > SUMMARY ? shown + "; and " + (errors.size() - SUMMARY) + " more" : shown;
    }

    static SkillProblem error(String file, String field, int line, String message) {
        return new SkillProblem(file, field, line, Severity.ERROR, message);
    }

    static SkillProblem warning(String file, String field, int line, String message) {
        return new SkillProblem(file, field, line, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": "
                + (field == null ? "" : field + ": ") + message;
    }
}
