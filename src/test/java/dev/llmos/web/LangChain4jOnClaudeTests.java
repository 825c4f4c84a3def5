package dev.llmos.web;

import java.nio.file.Path;
import java.time.Clock;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.access.Accounts;
import dev.llmos.llm.FakeLlmServer;

/**
 * {@link LangChain4jClientCases} against an LLMos with Anthropic only: LangChain4j's OpenAI model asks for a
 * Claude model at {@code /v1/chat/completions} and LLMos translates to Messages and back, streaming and tool
 * calls included; the Anthropic model is relayed as ever.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LangChain4jOnClaudeTests extends LangChain4jClientCases {

    static final Path VOLUMES = TempVolumes.create("llmos-langchain4j-claude-");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.withFakeAnthropic(registry, VOLUMES, ANTHROPIC);
        registry.add("llmos.auth", () -> "token");
    }

    @Override
    FakeLlmServer upstreamOf(Wire wire) {
        return ANTHROPIC;
    }

    @Override
    String modelFor(Wire wire) {
        return ANTHROPIC_MODEL;
    }

    @Override
    Accounts accounts() {
        return new Accounts(VOLUMES, Clock.systemUTC());
    }
}
