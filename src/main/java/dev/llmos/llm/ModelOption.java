package dev.llmos.llm;

/** A model a provider offers: the id to send as {@code model}, and the name to show. */
public record ModelOption(String id, String displayName) {
}
