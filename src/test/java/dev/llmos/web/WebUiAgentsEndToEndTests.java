package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The Agents screen in a real browser ({@code web/e2e/agents.mjs}, Debian's Chromium through
 * playwright-core) against the real server with no model configured: the shipped agents are listed,
 * one opens with its prompt, and a run is refused with the plain "cannot call tools" message. The
 * screenshot goes to {@code target/e2e/}. The browser part is skipped (not failed) when the UI was not
 * built ({@code -DskipWeb}) or no {@code chromium} is installed; the API facts the screen relies on are
 * checked either way.
 */
class WebUiAgentsEndToEndTests extends RealServer {

    static final Path WEB = Path.of("web").toAbsolutePath();

    @Test
    void theAgentsScreenListsOpensAndExplainsWhyARunIsRefusedWithoutAToolCapableModel() throws Exception {
        JsonNode list = http().get("/agents?user_id=carol").json();
        assertThat(list.get("provider").asString()).isEqualTo("offline");
        assertThat(list.get("tools_supported").asBoolean()).isFalse();
        Http.Reply refused = http().post("/agents/researcher/run", "{\"user_id\":\"carol\",\"task\":\"x\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).endsWith("tools-unsupported");

        assumeTrue(getClass().getResource("/static/index.html") != null, "the web UI was not built (-DskipWeb)");
        assumeTrue(Files.isDirectory(WEB.resolve("node_modules/playwright-core")), "web/node_modules is missing (npm ci)");
        String chromium = which("chromium");
        assumeTrue(chromium != null, "no chromium on PATH (apt-get install chromium)");

        Path shot = Path.of("target/e2e/agents-offline-refused.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Path log = Files.createTempFile("llmos-e2e-agents-", ".log");
        ProcessBuilder builder = new ProcessBuilder("node", "e2e/agents.mjs").directory(WEB.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("LLMOS_URL", "http://127.0.0.1:" + port);
        builder.environment().put("CHROMIUM_PATH", chromium);
        builder.environment().put("SCREENSHOTS", shot.getParent().toString());
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
        assertThat(output).contains("e2e: done");
        assertThat(shot).exists();
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
