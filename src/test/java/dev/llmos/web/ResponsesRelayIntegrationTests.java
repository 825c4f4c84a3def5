package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.llm.FakeOpenAiServer;
import dev.llmos.llm.FakeReply;
import dev.llmos.llm.RecordedRequest;
import tools.jackson.databind.JsonNode;

/**
 * {@code LLMOS_OPENAI_RESPONSES=true}: an upstream that serves the Responses API itself gets Responses
 * requests as sent (skills before the caller's {@code instructions}, {@code previous_response_id} passed on),
 * the answer relayed byte for byte and read along for the trace.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResponsesRelayIntegrationTests {

    static final FakeOpenAiServer OPENAI = FakeOpenAiServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-responses-relay-");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.offline(registry, VOLUMES);
        registry.add("LLMOS_OPENAI_BASE_URL", OPENAI::baseUrl);
        registry.add("LLMOS_OPENAI_MODEL", () -> "gpt-5.5");
        registry.add("LLMOS_OPENAI_RESPONSES", () -> "true");
        registry.add("llmos.compat.local-user", () -> "relayed");
    }

    @LocalServerPort
    int port;

    @Test
    void responsesRequestsAreRelayedWithSkillsInTheInstructions() {
        Http http = new Http(port);
        OPENAI.enqueue(FakeReply.text("Relayed answer.").usage(21, 3), FakeReply.text("Streamed relay.").deltas(2));
        var plain = http.post("/v1/responses", "{\"model\":\"gpt-5.5\",\"instructions\":\"Be brief.\",\"previous_response_id\":\"resp_up_1\","
                + "\"input\":\"Write a Python function to calculate Fibonacci numbers\"}");
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
        assertThat(plain.json().path("output").get(0).path("content").get(0).path("text").asString()).isEqualTo("Relayed answer.");
        RecordedRequest sent = OPENAI.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/responses");
        JsonNode body = sent.json();
        assertThat(body.path("instructions").asString()).contains("<skill id=\"python-coding\"").endsWith("Be brief.");
        assertThat(body.path("previous_response_id").asString()).isEqualTo("resp_up_1");

        var streamed = http.post("/v1/responses", "{\"model\":\"gpt-5.5\",\"stream\":true,\"input\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.body()).contains("event: response.created").contains("\"delta\":\"d relay.\"").contains("response.completed");

        JsonNode traces = AgentTrafficIntegrationTests.awaitTraces(http, "relayed", 2).path("traces");
        assertThat(traces.toString()).contains("\"response\":\"Relayed answer.\"").contains("\"input_tokens\":21")
                .contains("\"source\":\"openai-responses\"");
    }
}
