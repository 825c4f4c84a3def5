package dev.llmos.skill;

/** A skill's or agent's file would exceed the configured size limit; nothing was written. */
public class SkillTooLargeException extends RuntimeException {
    public SkillTooLargeException(long size, long limit) {
        this("skill", size, limit);
    }

    /** @param what the file, as the caller knows it (e.g. {@code skills/x/SKILL.md after conversion}) */
    public SkillTooLargeException(String what, long size, long limit) {
        super(what + " is " + size + " bytes; the limit is " + limit + " bytes (LLMOS_MAX_SKILL_BYTES)");
    }
}
