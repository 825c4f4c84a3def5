package dev.llmos.agent;

import java.util.List;
import java.util.Set;

/**
 * An agent as written in {@code agents/{name}.md}: front matter, and the body as its system prompt.
 *
 * @param model    the model it asks; null for the run's (or the provider's default)
 * @param skills   skill ids always given to it, before the ones selected for its task
 * @param tools    built-in tools it may use: {@code delegate}, {@code load_skill}, {@code search_skills}
 * @param maxSteps most model calls it makes in one run; 0 for the server's limit
 * @param volume   where it was read ({@code system}, {@code teams/x}, {@code users/y}); null before it is stored
 */
public record Agent(String name, String description, String model, List<String> skills, List<String> tools,
                    int maxSteps, String prompt, String volume, String path, String commit) {

    public static final String DELEGATE = "delegate";
    public static final String LOAD_SKILL = "load_skill";
    public static final String SEARCH_SKILLS = "search_skills";
    static final Set<String> TOOLS = Set.of(DELEGATE, LOAD_SKILL, SEARCH_SKILLS);

    public Agent {
        skills = skills == null ? List.of() : List.copyOf(skills);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public boolean may(String tool) {
        return tools.contains(tool);
    }

    Agent located(String volume, String path, String commit) {
        return new Agent(name, description, model, skills, tools, maxSteps, prompt, volume, path, commit);
    }
}
