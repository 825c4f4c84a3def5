package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The official MCP Inspector's CLI ({@code @modelcontextprotocol/inspector}, pinned in
 * {@code clients/package.json}), run headless as ../shared/notes/real-clients.md says:
 * {@code mcp-inspector --cli URL --transport http --header "Authorization: Bearer T" --method M}, with
 * HOME in a temp folder (it keeps a server catalog there). Exit codes: 0 done, 1 a usage or server
 * error, 3 authentication needed, 7 {@code --verify} found a violation.
 */
final class McpInspectorCli {

    private final Path executable;
    private final String url;
    private final Path home;

    private McpInspectorCli(Path executable, String url, Path home) {
        this.executable = executable;
        this.url = url;
        this.home = home;
    }

    /** Installs {@code clients/} (npm ci, when needed) and returns the Inspector pointed at {@code url}. */
    static McpInspectorCli install(Path clients, String url) throws IOException, InterruptedException {
        NodeClients.install(clients);
        Path inspector = clients.resolve("node_modules/.bin/mcp-inspector");
        assertThat(inspector).as("the MCP Inspector from npm (clients/package.json)").isExecutable();
        return new McpInspectorCli(inspector, url, Files.createTempDirectory("llmos-inspector-home-"));
    }

    /** {@code mcp-inspector --cli URL --transport http --header "Authorization: Bearer TOKEN" ARGS}. */
    CliRun run(String token, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--cli", url, "--transport", "http",
                "--header", "Authorization: Bearer " + token));
        command.addAll(List.of(args));
        return CliRun.exec(command, home, Map.of("HOME", home.toString()), List.of("MCP_AUTO_OPEN_ENABLED"), 120);
    }
}
