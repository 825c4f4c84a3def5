package dev.llmos.trace;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The on-disk JSON form of traces and feedback: snake_case, one object per file. A number a file
 * lacks reads as 0: traces are never rewritten, so files written before a field was added must
 * still read (e.g. {@code estimated_input_tokens}).
 */
final class TraceJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private TraceJson() {
    }
}
