package dev.llmos.agent;

/** No agent with that name is visible to the caller. */
public class AgentNotFoundException extends RuntimeException {
    public AgentNotFoundException(String name) {
        super("agent '" + name + "' not found");
    }

    /** Not defined in that volume itself (it may still be seen there through a lower layer). */
    public AgentNotFoundException(String name, String volume) {
        super("agent '" + name + "' not found in " + volume);
    }
}
