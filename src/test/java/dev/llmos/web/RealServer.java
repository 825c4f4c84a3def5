package dev.llmos.web;

import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;

/**
 * Base of the HTTP tests: one real server on a random port over real volumes in a temp folder,
 * shared by every subclass (Spring caches the context).
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class RealServer {

    static final Path VOLUMES = TempVolumes.create("llmos-it-");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        ServerSettings.offline(registry, VOLUMES);
        registry.add("llmos.allowed-hosts", () -> "llmos.test");
    }

    @LocalServerPort
    int port;

    Http http() {
        return new Http(port);
    }
}
