package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real Claude Code CLI ({@code @anthropic-ai/claude-code}, pinned in {@code clients/package.json}),
 * run headless as ../shared/notes/real-clients.md says: {@code claude -p}, HOME and the working folder in
 * temp folders, telemetry and non-essential traffic off, LLMos as {@code ANTHROPIC_BASE_URL} and the
 * token as {@code ANTHROPIC_API_KEY}.
 */
final class ClaudeCodeCli {

    private final Path executable;
    private final String baseUrl;
    private final String apiKey;

    private ClaudeCodeCli(Path executable, String baseUrl, String apiKey) {
        this.executable = executable;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** Installs {@code clients/} (npm ci, when needed) and returns the CLI pointed at {@code baseUrl}. */
    static ClaudeCodeCli install(Path clients, String baseUrl, String apiKey) throws IOException, InterruptedException {
        NodeClients.install(clients);
        Path claude = clients.resolve("node_modules/.bin/claude");
        assertThat(claude).as("the Claude Code CLI from npm (clients/package.json)").isExecutable();
        return new ClaudeCodeCli(claude, baseUrl, apiKey);
    }

    ClaudeCodeCli withApiKey(String key) {
        return new ClaudeCodeCli(executable, baseUrl, key);
    }

    /** {@code claude -p PROMPT --output-format json [extra]} in a fresh folder holding {@code files}. */
    CliRun prompt(String prompt, Map<String, String> files, String... extra) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("llmos-claude-work-");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(work.resolve(f.getKey()), f.getValue());
        }
        List<String> args = new ArrayList<>(List.of("-p", prompt, "--output-format", "json"));
        args.addAll(List.of(extra));
        return run(Files.createTempDirectory("llmos-claude-home-"), work, args.toArray(String[]::new));
    }

    /** Any {@code claude} command, with {@code home} as HOME (where {@code claude mcp add} keeps its settings). */
    CliRun run(Path home, Path work, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        return CliRun.exec(command, work, Map.of("HOME", home.toString(), "DISABLE_TELEMETRY", "1",
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1", "ANTHROPIC_BASE_URL", baseUrl, "ANTHROPIC_API_KEY", apiKey),
                List.of("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_MODEL"), 240);
    }
}
