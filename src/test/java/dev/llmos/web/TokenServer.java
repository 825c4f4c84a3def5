package dev.llmos.web;

import java.nio.file.Path;
import java.time.Clock;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.access.Accounts;

/**
 * Base of the token-mode HTTP tests: one real server in token mode over its own volumes. Tests
 * set users, teams and tokens up the way the CLI does, through {@link Accounts} on the same folder
 * while the server runs.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class TokenServer {

    static final Path VOLUMES = TempVolumes.create("llmos-token-it-");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("llmos.volumes-path", VOLUMES::toString);
        registry.add("llmos.auth", () -> "token");
        registry.add("llmos.max-request-bytes", () -> "262144");
        registry.add("llmos.scan-interval", () -> "1h");
        registry.add("llmos.embeddings", () -> "false");
    }

    @LocalServerPort
    int port;

    Http http() {
        return new Http(port);
    }

    static Accounts accounts() {
        return new Accounts(VOLUMES, Clock.systemUTC());
    }
}
