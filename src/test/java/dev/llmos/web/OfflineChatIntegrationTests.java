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
        String traceId = reply.get("trace_id").asString();
        assertThat(http().get("/traces/" + traceId + "?user_id=alice").json().at("/trace/provider").asString()).isEqualTo("offline");
    }
}
