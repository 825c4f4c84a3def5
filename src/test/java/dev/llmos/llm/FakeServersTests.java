package dev.llmos.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fakes' non-streaming answers and auth check, which other test packages rely on. */
class FakeServersTests {

    @Test
    void anthropicFakeAnswersNonStreamingCallsWithAMessageTheSdkReads() {
        try (FakeAnthropicServer fake = FakeAnthropicServer.start()) {
            fake.enqueue(FakeReply.toolUse("toolu_9", "load_skill", "{\"name\":\"x\"}").withText("Sure.").usage(7, 3, 1, 2));
            AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey("k").maxRetries(0).build();
            try {
                Message message = client.messages().create(MessageCreateParams.builder().model("claude-sonnet-5-5")
                        .maxTokens(10).addUserMessage("hi").build());

                assertThat(message.content()).hasSize(2);
                assertThat(message.content().get(0).asText().text()).isEqualTo("Sure.");
                assertThat(message.content().get(1).asToolUse().name()).isEqualTo("load_skill");
                assertThat(message.stopReason().orElseThrow().asString()).isEqualTo("tool_use");
                assertThat(message.usage().cacheReadInputTokens()).contains(2L);
                assertThat(message.model().asString()).isEqualTo("claude-sonnet-5-5");
            } finally {
                client.close();
            }
        }
    }

    @Test
    void openAiFakeAnswersNonStreamingCallsAndChecksKeys() throws Exception {
        try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
            fake.requireApiKey("secret");
            fake.enqueue(FakeReply.text("Plain JSON.").usage(4, 2));
            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

            HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
                    .header("x-api-key", "secret").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

            assertThat(denied.statusCode()).isEqualTo(401);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("content-type")).contains("application/json");
            JsonNode json = JsonMapper.shared().readTree(ok.body());
            assertThat(json.path("choices").get(0).path("message").path("content").asString()).isEqualTo("Plain JSON.");
            assertThat(json.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
            assertThat(json.path("usage").path("prompt_tokens").asInt()).isEqualTo(4);
            assertThat(fake.requestCount()).isEqualTo(2);
            assertThat(fake.requests().get(1).json().path("model").asString()).isEqualTo("m");
        }
    }

    @Test
    void unknownRoutesAre404() throws Exception {
        try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/embeddings")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(404);
        }
    }
}
