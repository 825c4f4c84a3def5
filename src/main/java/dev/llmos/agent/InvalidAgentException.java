package dev.llmos.agent;

import java.util.List;

import dev.llmos.skill.SkillProblem;

/** An agent file failed validation; nothing was written. Carries every problem found. */
public class InvalidAgentException extends RuntimeException {

    private final List<SkillProblem> problems;

    public InvalidAgentException(List<SkillProblem> problems) {
        super(SkillProblem.summary(problems, "invalid agent"));
        this.problems = List.copyOf(problems);
    }

    public List<SkillProblem> problems() {
        return problems;
    }
}
