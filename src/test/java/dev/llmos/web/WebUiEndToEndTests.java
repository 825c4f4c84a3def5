package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeReply;

/**
 * The web UI end to end: the real server (local mode) with a fake Anthropic upstream on loopback,
 * driven by Debian's Chromium through playwright-core ({@code web/e2e/full-path.mjs}): chat with
 * streaming, feedback, evolve, accept the draft, promote, approve as another user, and the skill used
 * in a team member's chat; and the chat screen's own features ({@code web/e2e/chat.mjs}). Screenshots go to
 * {@code target/e2e/}. Skipped (not failed) when the UI was
 * not built ({@code -DskipWeb}) or no {@code chromium} is installed.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebUiEndToEndTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-e2e-");

    static {
        // Before any screen asks for them: the model picker's list is cached by the server.
        ANTHROPIC.listModels(200, "claude-sonnet-4-6", "claude-haiku-9");
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.withFakeAnthropic(registry, VOLUMES, ANTHROPIC);
    }

    @LocalServerPort
    int port;

    @Test
    void chatFeedbackEvolveAcceptPromoteApproveAndTheTeamUsesTheSkill() throws Exception {
        BrowserScript.run("full-path.mjs", port);
        assertThat(Path.of("target/e2e/5-team-chat-uses-skill.png")).exists();
    }

    /** The chat screen's features, walked in the browser ({@code web/e2e/chat.mjs}); screenshots {@code target/e2e/chat-*.png}. */
    @Test
    void theChatScreenPicksAModelCopiesHighlightedCodeRegeneratesEditsAndKeepsItsConversations() throws Exception {
        ANTHROPIC.respondWith(r -> r.body().contains("Fibonacci") ? FakeReply.text("Here is one:\n\n```python\ndef fib(n):\n"
                + "    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n```\n\nIt takes O(n) steps.")
                .deltas(3).usage(900, 60) : null);
        try {
            String output = BrowserScript.run("chat.mjs", port);
            assertThat(output).contains("e2e: done");
        } finally {
            ANTHROPIC.respondWith(null);
        }
        for (String shot : new String[] {"chat-1-answer-code", "chat-2-regenerated", "chat-3-list", "chat-4-phone", "chat-5-phone-list"}) {
            assertThat(BrowserScript.SCREENSHOTS.resolve(shot + ".png")).exists();
        }
    }
}
