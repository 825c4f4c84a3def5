package dev.llmos.skill;

import java.util.List;

/** A skill failed validation; nothing was written. Carries every problem found. */
public class InvalidSkillException extends RuntimeException {

    private final List<SkillProblem> problems;

    public InvalidSkillException(List<SkillProblem> problems) {
        super(SkillProblem.summary(problems, "invalid skill"));
        this.problems = List.copyOf(problems);
    }

    public List<SkillProblem> problems() {
        return problems;
    }
}
