package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** With no model configured, chat still works and says honestly that no model answered. */
class OfflineChatIntegrationTests extends RealServer {

    @Test
    void aNewcomerWithoutAKeyGetsTheHonestOfflineAnswerAndATrace() {
        Http.Reply r = http().post("/chat", """
                {"user_id": "alice", "team_id": "engineering",
                 "message": "Write a Python function to calculate Fibonacci numbers",
                 "include_skills": true, "max_skills": 5}""");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode reply = r.json();
        assertThat(reply.get("response").asString()).startsWith("No model is configured")
                .contains("ANTHROPIC_API_KEY").contains("input tokens");
        assertThat(reply.get("provider").asString()).isEqualTo("offline");
        assertThat(reply.get("cost_usd").asDouble()).isZero();
        assertThat(reply.at("/usage/output_tokens").asLong()).isZero();
        // Nothing was sent or billed: the tokens the answer mentions are an estimate, kept apart.
        long estimate = reply.at("/usage/estimated_input_tokens").asLong();
        assertThat(estimate).isPositive();
        assertThat(reply.get("response").asString()).contains("about " + estimate + " input tokens");
        assertThat(reply.at("/usage/input_tokens").asLong()).isZero();
        String traceId = reply.get("trace_id").asString();
        JsonNode trace = http().get("/traces/" + traceId + "?user_id=alice").json().get("trace");
        assertThat(trace.get("provider").asString()).isEqualTo("offline");
        assertThat(trace.at("/usage/estimated_input_tokens").asLong()).isEqualTo(estimate);
        JsonNode usage = http().get("/usage?user_id=alice").json();
        assertThat(usage.get("input_tokens").asLong()).isZero();
        // Other tests on this server may chat as alice too: at least this one's estimate, and never billed.
        assertThat(usage.get("estimated_input_tokens").asLong()).isGreaterThanOrEqualTo(estimate);
        assertThat(usage.at("/days/0/estimated_input_tokens").asLong()).isPositive();
        assertThat(usage.at("/days/0/input_tokens").asLong()).isZero();
    }

    @Test
    void withoutAModelThereIsNoModelToPick() {
        JsonNode models = http().get("/models").json();
        assertThat(models.get("configured").asBoolean()).isFalse();
        assertThat(models.get("provider").asString()).isEqualTo("offline");
        assertThat(models.get("models")).isEmpty();
    }
}
