package dev.llmos.agent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.llmos.llm.LlmRequest.SystemBlock;
import dev.llmos.llm.LlmTool;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillText;

/**
 * An agent's prompt. The first block is stable (the agent's own prompt, then its skills by id) and
 * ends with the cache breakpoint; what varies (agents it may delegate to, other skills) follows.
 */
final class AgentPrompt {

    static final LlmTool DELEGATE_TOOL = new LlmTool(Agent.DELEGATE,
            "Give a self-contained task to another agent and get its answer back. Several delegate calls in one "
                    + "answer run in parallel; use that for independent parts. The agent sees only the task you write.",
            Map.of("type", "object",
                    "properties", Map.of(
                            "agent", Map.of("type", "string", "description", "the agent's name, from the list of agents"),
                            "task", Map.of("type", "string", "description", "the whole task, with everything the agent needs to know")),
                    "required", List.of("agent", "task")));

    static final LlmTool LOAD_SKILL_TOOL = new LlmTool(Agent.LOAD_SKILL,
            "Load the full instructions of a skill by its id (from the list of other skills, or from search_skills).",
            Map.of("type", "object",
                    "properties", Map.of("name", Map.of("type", "string", "description", "the skill id, e.g. code-review")),
                    "required", List.of("name")));

    static final LlmTool SEARCH_SKILLS_TOOL = new LlmTool(Agent.SEARCH_SKILLS,
            "Find skills (instructions written by the people and teams you work for) that fit a query.",
            Map.of("type", "object",
                    "properties", Map.of("query", Map.of("type", "string", "description", "what the skill would be about")),
                    "required", List.of("query")));

    private AgentPrompt() {
    }

    static List<SystemBlock> system(Agent agent, List<Skill> chosen, List<Skill> manifest, List<String> tools,
                                    List<Agent> delegates) {
        StringBuilder stable = new StringBuilder(agent.prompt().strip());
        List<Skill> ordered = new ArrayList<>(chosen);
        ordered.sort(Comparator.comparing(Skill::id));
        if (!ordered.isEmpty()) {
            stable.append("\n\n# Skills\n\nFollow these when they fit the task.\n");
            for (Skill s : ordered) {
                stable.append("\n<skill id=\"").append(s.id()).append("\">\n")
                        .append(s.description() == null ? "" : s.description().strip()).append("\n\n")
                        .append(s.body().strip()).append("\n</skill>\n");
            }
        }
        List<SystemBlock> blocks = new ArrayList<>();
        blocks.add(new SystemBlock(stable.toString(), true));
        StringBuilder more = new StringBuilder();
        if (tools.contains(Agent.DELEGATE) && !delegates.isEmpty()) {
            more.append("Agents you can delegate to with the delegate tool:\n");
            for (Agent a : delegates) {
                more.append("- ").append(a.name()).append(": ").append(SkillText.oneLine(a.description(), 200)).append('\n');
            }
        }
        if (tools.contains(Agent.LOAD_SKILL) && !manifest.isEmpty()) {
            more.append(more.isEmpty() ? "" : "\n").append("Other skills you can load with load_skill:\n");
            for (Skill s : manifest) {
                more.append("- ").append(s.id()).append(": ").append(SkillText.oneLine(s.description(), 200)).append('\n');
            }
        }
        if (!more.isEmpty()) {
            blocks.add(new SystemBlock(more.toString(), false));
        }
        return blocks;
    }
}
