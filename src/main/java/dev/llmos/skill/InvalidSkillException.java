package dev.llmos.skill;

import java.util.List;

/** A skill failed validation; nothing was written. Carries every problem found. */
public class InvalidSkillException extends RuntimeException {

    private final List<SkillProblem> problems;

    public InvalidSkillException(List<SkillProblem> problems) {
        super(problems.stream().filter(SkillProblem::isError).map(SkillProblem::toString)
                .reduce((a, b) -> a + "; " + b).orElse("invalid skill"));
        this.problems = List.copyOf(problems);
    }

    public List<SkillProblem> problems() {
        return problems;
    }
}
