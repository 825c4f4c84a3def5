package dev.llmos.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.llm.FakeAnthropicServer;
import tools.jackson.databind.JsonNode;

/**
 * The real server configured with Anthropic, where "Anthropic" is a local fake speaking the real
 * wire format (the official SDK inside LLMos parses it). Semantic retrieval is on.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ChatServer {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final String API_KEY = "sk-ant-test-key-0123456789abcdef";
    static final Path VOLUMES = TempVolumes.create("llmos-chat-it-");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("llmos.volumes-path", VOLUMES::toString);
        registry.add("llmos.scan-interval", () -> "1h");
        registry.add("llmos.embeddings", () -> "true");
        registry.add("ANTHROPIC_API_KEY", () -> API_KEY);
        registry.add("ANTHROPIC_BASE_URL", ANTHROPIC::baseUrl);
        registry.add("LLMOS_ANTHROPIC_MODEL", () -> "claude-sonnet-4-6");
        registry.add("LLMOS_LLM_MAX_RETRIES", () -> "1");
    }

    @LocalServerPort
    int port;

    Http http() {
        return new Http(port);
    }

    /** One server-sent event. */
    record Event(String name, JsonNode data) {
    }

    static List<Event> events(String body) {
        List<Event> out = new ArrayList<>();
        for (String frame : body.split("\n\n")) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : frame.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (name != null) {
                out.add(new Event(name, Http.JSON.readTree(data.toString())));
            }
        }
        return out;
    }
}
