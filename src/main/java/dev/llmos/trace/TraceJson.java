package dev.llmos.trace;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The on-disk JSON form of traces and feedback: snake_case, one object per file. */
final class TraceJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private TraceJson() {
    }
}
