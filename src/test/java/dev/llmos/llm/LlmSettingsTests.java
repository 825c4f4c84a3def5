package dev.llmos.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LlmSettingsTests {

    static LlmSettings settings(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return LlmSettings.from(env::get);
    }

    @Test
    void nothingSetMeansOfflineWithDefaults() {
        LlmSettings s = settings();

        assertThat(s.provider()).isInstanceOf(OfflineProvider.class);
        assertThat(s.providerName()).isEqualTo("offline");
        assertThat(s.maxRetries()).isEqualTo(2);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s).isEqualTo(LlmSettings.none());
    }

    @Test
    void blankValuesCountAsUnset() {
        LlmSettings s = settings("ANTHROPIC_API_KEY", "  ", "LLMOS_OPENAI_BASE_URL", "", "LLMOS_LLM_MAX_RETRIES", " ");

        assertThat(s.anthropicApiKey()).isNull();
        assertThat(s.openAiBaseUrl()).isNull();
        assertThat(s.provider()).isInstanceOf(OfflineProvider.class);
    }

    @Test
    void anAnthropicKeyPicksAnthropicEvenWhenAnOpenAiServerIsSet() {
        LlmSettings s = settings("ANTHROPIC_API_KEY", "sk-ant-secret-1", "LLMOS_OPENAI_BASE_URL", "http://localhost:11434/v1",
                "LLMOS_ANTHROPIC_MODEL", "claude-opus-5-5");

        LlmProvider provider = s.provider();

        assertThat(provider).isInstanceOf(AnthropicProvider.class);
        assertThat(provider.name()).isEqualTo("anthropic");
        assertThat(provider.defaultModel()).isEqualTo("claude-opus-5-5");
        ((AnthropicProvider) provider).close();
    }

    @Test
    void anAnthropicKeyAloneUsesTheDefaultModel() {
        LlmProvider provider = settings("ANTHROPIC_API_KEY", "sk-ant-secret-1").provider();

        assertThat(provider.defaultModel()).isEqualTo(AnthropicProvider.DEFAULT_MODEL);
        ((AnthropicProvider) provider).close();
    }

    @Test
    void anOpenAiBaseUrlPicksTheOpenAiCompatibleProvider() {
        LlmProvider provider = settings("LLMOS_OPENAI_BASE_URL", "http://localhost:11434/v1",
                "LLMOS_OPENAI_MODEL", "qwen3:8b", "LLMOS_OPENAI_API_KEY", "ollama-secret").provider();

        assertThat(provider).isInstanceOf(OpenAiCompatibleProvider.class);
        assertThat(provider.name()).isEqualTo("openai");
        assertThat(provider.defaultModel()).isEqualTo("qwen3:8b");
        assertThat(provider.toString()).doesNotContain("ollama-secret");
    }

    @Test
    void readsRetriesAndTimeout() {
        LlmSettings s = settings("LLMOS_LLM_MAX_RETRIES", "5", "LLMOS_LLM_TIMEOUT_SECONDS", "2.5");

        assertThat(s.maxRetries()).isEqualTo(5);
        assertThat(s.timeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void rejectsBadNumbersNamingTheVariable() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings("LLMOS_LLM_MAX_RETRIES", "many"))
                .withMessageContaining("LLMOS_LLM_MAX_RETRIES").withMessageContaining("many");
        assertThatIllegalArgumentException().isThrownBy(() -> settings("LLMOS_LLM_MAX_RETRIES", "-1"))
                .withMessageContaining("LLMOS_LLM_MAX_RETRIES");
        assertThatIllegalArgumentException().isThrownBy(() -> settings("LLMOS_LLM_TIMEOUT_SECONDS", "0"))
                .withMessageContaining("LLMOS_LLM_TIMEOUT_SECONDS");
        assertThatIllegalArgumentException().isThrownBy(() -> settings("LLMOS_LLM_TIMEOUT_SECONDS", "soon"))
                .withMessageContaining("LLMOS_LLM_TIMEOUT_SECONDS");
    }

    @Test
    void toStringHidesKeys() {
        LlmSettings s = settings("ANTHROPIC_API_KEY", "sk-ant-very-secret", "LLMOS_OPENAI_BASE_URL", "http://h/v1",
                "LLMOS_OPENAI_API_KEY", "sk-openai-very-secret");

        assertThat(s.toString()).doesNotContain("sk-ant-very-secret").doesNotContain("sk-openai-very-secret")
                .contains("anthropicApiKey=***").contains("openAiApiKey=***").contains("provider=anthropic")
                .contains("http://h/v1");
        assertThat(settings().toString()).contains("anthropicApiKey=unset");
    }

    @Test
    void theAnthropicProviderItBuildsTalksToTheConfiguredServer() {
        try (FakeAnthropicServer fake = FakeAnthropicServer.start()) {
            fake.requireApiKey("sk-ant-from-env");
            fake.enqueue(FakeReply.text("Configured from the environment."));
            LlmSettings s = settings("ANTHROPIC_API_KEY", "sk-ant-from-env", "ANTHROPIC_BASE_URL", fake.baseUrl(),
                    "LLMOS_ANTHROPIC_MODEL", "claude-haiku-5-5", "LLMOS_LLM_MAX_RETRIES", "0");
            AnthropicProvider provider = (AnthropicProvider) s.provider();
            try {
                LlmResponse r = provider.stream(new LlmRequest(null, java.util.List.of(),
                        java.util.List.of(LlmMessage.user("hi")), 100, null, null, null), LlmListener.IGNORE);
                assertThat(r.text()).isEqualTo("Configured from the environment.");
                assertThat(fake.lastRequest().json().path("model").asString()).isEqualTo("claude-haiku-5-5");
            } finally {
                provider.close();
            }
        }
    }

    @Test
    void theOpenAiProviderItBuildsTalksToTheConfiguredServer() {
        try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
            fake.requireApiKey("local-key");
            fake.enqueue(FakeReply.text("Hello from a local model."));
            LlmProvider provider = settings("LLMOS_OPENAI_BASE_URL", fake.baseUrl(), "LLMOS_OPENAI_API_KEY", "local-key",
                    "LLMOS_OPENAI_MODEL", "llama3.2:1b").provider();

            LlmResponse r = provider.stream(new LlmRequest(null, java.util.List.of(),
                    java.util.List.of(LlmMessage.user("hi")), 100, null, null, null), LlmListener.IGNORE);

            assertThat(r.text()).isEqualTo("Hello from a local model.");
            assertThat(fake.lastRequest().json().path("model").asString()).isEqualTo("llama3.2:1b");
        }
    }
}
