package dev.llmos.agent;

/** Agents work through tool calls; the configured model (e.g. none: the offline provider) cannot make them. */
public class ToolsUnsupportedException extends RuntimeException {
    public ToolsUnsupportedException(String provider) {
        super("agent runs need a model that can call tools, and the configured provider '" + provider
                + "' cannot" + ("offline".equals(provider) ? " (no model is configured: set ANTHROPIC_API_KEY or LLMOS_OPENAI_BASE_URL)" : ""));
    }
}
