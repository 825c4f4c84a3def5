package dev.llmos.llm;

/** Receives an answer as it streams. */
@FunctionalInterface
public interface LlmListener {

    void onText(String delta);

    LlmListener IGNORE = delta -> { };
}
