package dev.llmos.skill;

/** No skill with that id is visible where the caller looked. */
public class SkillNotFoundException extends RuntimeException {
    public SkillNotFoundException(String id, String where) {
        super("skill '" + id + "' not found in " + where);
    }
}
