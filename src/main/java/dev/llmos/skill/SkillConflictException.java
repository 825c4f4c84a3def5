package dev.llmos.skill;

/** The change conflicts with the volume's current state (exists already, or changed meanwhile). */
public class SkillConflictException extends RuntimeException {
    public SkillConflictException(String message) {
        super(message);
    }
}
