package dev.llmos.agent;

/** No agent with that name is visible to the caller. */
public class AgentNotFoundException extends RuntimeException {
    public AgentNotFoundException(String name) {
        super("agent '" + name + "' not found");
    }
}
