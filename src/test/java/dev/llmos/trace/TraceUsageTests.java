package dev.llmos.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Offline exchanges' tokens are estimates, kept apart from billed tokens, also in traces written before that. */
class TraceUsageTests {

    @Test
    void anOfflineTraceWrittenBeforeTheEstimateFieldReadsAsAnEstimate() throws Exception {
        String old = """
                {"id":"trace_20260101_000000_aaaaaaaa","time":"2026-01-01T00:00:00Z","user_id":"alice","conversation_id":"conv_1",
                 "source":"chat","request":"hi","response":"No model is configured","skills":[],"provider":"offline","model":"none",
                 "usage":{"input_tokens":1227,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0},
                 "cost_usd":0.0,"latency_ms":3,"outcome":"ok"}""";
        Trace t = TraceJson.MAPPER.readValue(old, Trace.class);
        assertThat(t.usage().inputTokens()).isZero();
        assertThat(t.usage().total()).isZero();
        assertThat(t.usage().estimatedInputTokens()).isEqualTo(1227);
        assertThat(TraceJson.MAPPER.writeValueAsString(t)).contains("\"estimated_input_tokens\":1227").contains("\"input_tokens\":0");
    }

    @Test
    void aBilledTraceHasNoEstimate() throws Exception {
        Trace t = new Trace("trace_20260101_000000_bbbbbbbb", java.time.Instant.EPOCH, "alice", null, "conv_1", "chat", "hi", "hello",
                null, "anthropic", "claude-x", new Trace.TokenUsage(100, 7, 0, 0), 0.001, 5, "ok", null);
        assertThat(t.usage().inputTokens()).isEqualTo(100);
        assertThat(t.usage().estimatedInputTokens()).isZero();
        assertThat(TraceJson.MAPPER.writeValueAsString(t)).doesNotContain("estimated_input_tokens");
    }
}
