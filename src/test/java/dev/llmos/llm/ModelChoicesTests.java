package dev.llmos.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The model picker's list: each provider asks its upstream's {@code GET /v1/models} (Anthropic through
 * the SDK, OpenAI-compatible with the thin client), the default model is always there, a failing
 * upstream leaves the default with the reason, and offline there is nothing to pick.
 */
class ModelChoicesTests {

    @Test
    void anthropicListsWhatTheUpstreamOffersWithDisplayNames() {
        try (FakeAnthropicServer fake = FakeAnthropicServer.start();
             AnthropicProvider provider = new AnthropicProvider("sk-ant-test-0123456789", fake.baseUrl(), "claude-b", 0,
                     Duration.ofSeconds(5))) {
            fake.requireApiKey("sk-ant-test-0123456789").listModels(200, "claude-a", "claude-b");
            ModelChoices.Choices c = new ModelChoices(provider).get();
            assertThat(c.provider()).isEqualTo("anthropic");
            assertThat(c.configured()).isTrue();
            assertThat(c.listed()).isTrue();
            assertThat(c.defaultModel()).isEqualTo("claude-b");
            assertThat(c.models()).containsExactly(new ModelOption("claude-a", "Fake claude-a"), new ModelOption("claude-b", "Fake claude-b"));
        }
    }

    @Test
    void openAiCompatibleListsItsModelsAndTheDefaultComesFirstWhenUnlisted() {
        try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
            fake.requireApiKey("sk-local").listModels(200, "qwen3:8b", "mistral:7b");
            OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider("sk-local", fake.baseUrl(), "llama3.2", 0,
                    Duration.ofSeconds(5));
            ModelChoices.Choices c = new ModelChoices(provider).get();
            assertThat(c.models()).extracting(ModelOption::id).containsExactly("llama3.2", "qwen3:8b", "mistral:7b");
            assertThat(c.listed()).isTrue();
        }
    }

    @Test
    void aFailingUpstreamLeavesTheDefaultModelAndSaysWhy() {
        try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
            fake.listModels(503);
            ModelChoices.Choices c = new ModelChoices(new OpenAiCompatibleProvider(null, fake.baseUrl(), "llama3.2", 0,
                    Duration.ofSeconds(5))).get();
            assertThat(c.listed()).isFalse();
            assertThat(c.models()).extracting(ModelOption::id).containsExactly("llama3.2");
            assertThat(c.error()).contains("503");
        }
    }

    @Test
    void offlineThereIsNothingToPick() {
        ModelChoices.Choices c = new ModelChoices(new OfflineProvider()).get();
        assertThat(c.configured()).isFalse();
        assertThat(c.models()).isEmpty();
        assertThat(c.provider()).isEqualTo("offline");
    }
}
