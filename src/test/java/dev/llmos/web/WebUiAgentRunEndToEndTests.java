package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeReply;

/**
 * A full agent run in a real browser ({@code web/e2e/agent-run.mjs}): the real server with "Anthropic" a
 * fake on loopback answering with real {@code tool_use} blocks, chosen by the agent's system prompt, so
 * the shipped orchestrator delegates to the shipped researcher and reviewer. The live tree, the answer,
 * the run tree and an agent's trace are checked; the screenshot goes to {@code target/e2e/}. Skipped (not
 * failed) when the UI was not built ({@code -DskipWeb}) or no {@code chromium} is installed.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebUiAgentRunEndToEndTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-e2e-agents-");
    private static final AtomicInteger TOOL_IDS = new AtomicInteger();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.withFakeAnthropic(registry, VOLUMES, ANTHROPIC);
        registry.add("LLMOS_AGENT_TIMEOUT", () -> "60s");
    }

    @LocalServerPort
    int port;

    @Test
    void theOrchestratorDelegatesAndTheRunShowsLiveThenAsATree() throws Exception {
        ANTHROPIC.respondWith(r -> {
            String system = r.json().path("system").toString();
            boolean answered = r.body().contains("\"tool_result\"");
            if (system.contains("You are the orchestrator of a small team")) {
                return answered ? FakeReply.text("Use PostgreSQL.").usage(300, 5)
                        : FakeReply.toolUse("tu_" + TOOL_IDS.incrementAndGet(), "delegate",
                                "{\"agent\":\"researcher\",\"task\":\"Compare SQLite and PostgreSQL for a small team\"}")
                        .andToolUse("tu_" + TOOL_IDS.incrementAndGet(), "delegate",
                                "{\"agent\":\"reviewer\",\"task\":\"Review this schema: tasks(id, title)\"}").usage(200, 20);
            }
            if (system.contains("You are a careful researcher")) {
                return FakeReply.text("PostgreSQL, for concurrent writers.").deltas(4).usage(100, 6);
            }
            if (system.contains("You are a reviewer")) {
                return FakeReply.text("Add a created_at column.").deltas(3).usage(100, 5);
            }
            return FakeReply.error(400, "invalid_request_error", "the test fake has no reply for this prompt");
        });

        Path shot = BrowserScript.SCREENSHOTS.resolve("agents-run-tree.png");
        Files.deleteIfExists(shot);
        String output = BrowserScript.run("agent-run.mjs", port);
        assertThat(output).contains("e2e: done");
        assertThat(shot).exists();
    }
}
