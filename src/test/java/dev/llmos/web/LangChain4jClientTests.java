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
 * {@link LangChain4jClientCases} against an LLMos with both upstreams configured: the OpenAI-wire model
 * reaches the OpenAI-compatible fake, the Anthropic-wire model the Anthropic fake. ({@link LangChain4jOnClaudeTests}
 * runs the same cases against an LLMos with Anthropic only.)
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LangChain4jClientTests extends LangChain4jClientCases {

    static final Path VOLUMES = TempVolumes.create("llmos-langchain4j-");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.withFakeAnthropic(registry, VOLUMES, ANTHROPIC);
        registry.add("llmos.auth", () -> "token");
        registry.add("LLMOS_OPENAI_BASE_URL", OPENAI::baseUrl);
        registry.add("LLMOS_OPENAI_MODEL", () -> OPENAI_MODEL);
    }

    @Override
    FakeLlmServer upstreamOf(Wire wire) {
        return wire == Wire.OPENAI ? OPENAI : ANTHROPIC;
    }

    @Override
    Accounts accounts() {
        return new Accounts(VOLUMES, Clock.systemUTC());
    }
}
