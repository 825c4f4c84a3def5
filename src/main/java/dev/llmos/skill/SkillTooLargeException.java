package dev.llmos.skill;

/** The skill's file would exceed the configured size limit; nothing was written. */
public class SkillTooLargeException extends RuntimeException {
    public SkillTooLargeException(long size, long limit) {
        super("skill is " + size + " bytes; the limit is " + limit + " bytes (LLMOS_MAX_SKILL_BYTES)");
    }
}
