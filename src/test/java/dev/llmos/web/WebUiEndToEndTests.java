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

/**
 * The web UI end to end: the real server (local mode) with a fake Anthropic upstream on loopback,
 * driven by Debian's Chromium through playwright-core ({@code web/e2e/full-path.mjs}): chat with
 * streaming, feedback, evolve, accept the draft, promote, approve as another user, and the skill used
 * in a team member's chat. Screenshots go to {@code target/e2e/}. Skipped (not failed) when the UI was
 * not built ({@code -DskipWeb}) or no {@code chromium} is installed.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebUiEndToEndTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-e2e-");

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
}
