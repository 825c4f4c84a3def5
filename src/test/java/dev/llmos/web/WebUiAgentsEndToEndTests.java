package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void theAgentsScreenListsOpensAndExplainsWhyARunIsRefusedWithoutAToolCapableModel() throws Exception {
        JsonNode list = http().get("/agents?user_id=carol").json();
        assertThat(list.get("provider").asString()).isEqualTo("offline");
        assertThat(list.get("tools_supported").asBoolean()).isFalse();
        Http.Reply refused = http().post("/agents/researcher/run", "{\"user_id\":\"carol\",\"task\":\"x\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).endsWith("tools-unsupported");

        Path shot = BrowserScript.SCREENSHOTS.resolve("agents-offline-refused.png");
        Files.deleteIfExists(shot);
        String output = BrowserScript.run("agents.mjs", port);
        assertThat(output).contains("e2e: done");
        assertThat(shot).exists();
    }
}
