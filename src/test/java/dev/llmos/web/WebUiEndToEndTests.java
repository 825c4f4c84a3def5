package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
    static final Path WEB = Path.of("web").toAbsolutePath();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("llmos.volumes-path", VOLUMES::toString);
        registry.add("llmos.scan-interval", () -> "1h");
        registry.add("llmos.embeddings", () -> "false");
        registry.add("ANTHROPIC_API_KEY", () -> "sk-ant-test-key-0123456789abcdef");
        registry.add("ANTHROPIC_BASE_URL", ANTHROPIC::baseUrl);
        registry.add("LLMOS_ANTHROPIC_MODEL", () -> "claude-sonnet-4-6");
        registry.add("LLMOS_LLM_MAX_RETRIES", () -> "0");
    }

    @LocalServerPort
    int port;

    @Test
    void chatFeedbackEvolveAcceptPromoteApproveAndTheTeamUsesTheSkill() throws Exception {
        assumeTrue(getClass().getResource("/static/index.html") != null, "the web UI was not built (-DskipWeb)");
        assumeTrue(Files.isDirectory(WEB.resolve("node_modules/playwright-core")), "web/node_modules is missing (npm ci)");
        String chromium = which("chromium");
        assumeTrue(chromium != null, "no chromium on PATH (apt-get install chromium)");

        Path log = Files.createTempFile("llmos-e2e-", ".log");
        ProcessBuilder builder = new ProcessBuilder("node", "e2e/full-path.mjs").directory(WEB.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("LLMOS_URL", "http://127.0.0.1:" + port);
        builder.environment().put("CHROMIUM_PATH", chromium);
        builder.environment().put("SCREENSHOTS", Path.of("target/e2e").toAbsolutePath().toString());
        Process node = builder.start();
        boolean finished = node.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(finished).as("the e2e script finished in time:\n" + output).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(Path.of("target/e2e/5-team-chat-uses-skill.png")).exists();
    }

    private static String which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
