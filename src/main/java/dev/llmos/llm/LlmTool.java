package dev.llmos.llm;

import java.util.Map;

/** A tool offered to the model, with a JSON Schema for its input. */
public record LlmTool(String name, String description, Map<String, Object> inputSchema) {
}
