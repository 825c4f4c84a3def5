package dev.llmos.skill;

/**
 * Something wrong with a skill file, pinned to the file, the field and the line (1-based; 0 when
 * the problem is not on one line).
 */
public record SkillProblem(String file, String field, int line, Severity severity, String message) {

    public enum Severity { ERROR, WARNING }

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
