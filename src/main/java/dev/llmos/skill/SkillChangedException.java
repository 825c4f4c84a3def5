package dev.llmos.skill;

/** A conditional change (If-Match) found the skill at another version; nothing was written. */
public class SkillChangedException extends RuntimeException {
    public SkillChangedException(String message) {
        super(message);
    }
}
