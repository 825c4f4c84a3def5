package dev.llmos.web;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.llmos.llm.FakeAnthropicServer;

/** Property sets that several real-server test classes start from (each adds its own). */
final class ServerSettings {

    private ServerSettings() {
    }

    /** Real volumes in {@code volumes}, small size limits, no background scan, lexical selection. */
    static void offline(DynamicPropertyRegistry registry, Path volumes) {
        registry.add("llmos.volumes-path", volumes::toString);
        registry.add("llmos.max-skill-bytes", () -> "65536");
        registry.add("llmos.max-request-bytes", () -> "262144");
        registry.add("llmos.scan-interval", () -> "1h");
        registry.add("llmos.embeddings", () -> "false");
    }

    /** Real volumes in {@code volumes}, "Anthropic" the local fake (no retries), lexical selection. */
    static void withFakeAnthropic(DynamicPropertyRegistry registry, Path volumes, FakeAnthropicServer anthropic) {
        registry.add("llmos.volumes-path", volumes::toString);
        registry.add("llmos.scan-interval", () -> "1h");
        registry.add("llmos.embeddings", () -> "false");
        registry.add("ANTHROPIC_API_KEY", () -> "sk-ant-test-key-0123456789abcdef");
        registry.add("ANTHROPIC_BASE_URL", anthropic::baseUrl);
        registry.add("LLMOS_ANTHROPIC_MODEL", () -> "claude-sonnet-4-6");
        registry.add("LLMOS_LLM_MAX_RETRIES", () -> "0");
    }
}
