package dev.llmos.agent;

import java.time.Duration;

/**
 * Limits of an agent run. Each is configurable (see the README's configuration table).
 *
 * @param maxDepth        how deep delegation may go (the starting agent is depth 0)
 * @param maxSubagents    most sub-agents one run may start, in all
 * @param maxSteps        most model calls one agent makes (an agent's {@code max_steps} may lower it)
 * @param maxTokens       most tokens (input + output, all agents) one run may use
 * @param timeout         wall time of one run
 * @param parallelism     most model calls of one run in flight at once
 * @param maxOutputTokens each call's answer limit
 * @param maxSkills       skills selected for each agent's task (besides its pinned ones)
 * @param skillTokenBudget most estimated tokens of skill bodies in one agent's prompt
 */
public record AgentSettings(int maxDepth, int maxSubagents, int maxSteps, long maxTokens, Duration timeout,
                            int parallelism, int maxOutputTokens, int maxSkills, int skillTokenBudget) {

    public AgentSettings {
        if (maxDepth < 0 || maxSubagents < 0 || maxSteps < 1 || maxTokens < 1 || parallelism < 1 || maxOutputTokens < 1
                || timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("agent limits must be positive (depth and sub-agents may be 0): " + this);
        }
    }

    public static AgentSettings defaults() {
        return new AgentSettings(2, 8, 8, 200_000, Duration.ofMinutes(5), 4, 4096, 5, 8000);
    }
}
