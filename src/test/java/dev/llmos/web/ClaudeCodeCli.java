package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Claude Code CLI ({@code @anthropic-ai/claude-code}, pinned in {@code clients/package.json}),
 * run headless as ../shared/notes/real-clients.md says: {@code claude -p}, HOME and the working folder in
 * temp folders, telemetry and non-essential traffic off, LLMos as {@code ANTHROPIC_BASE_URL} and the
 * token as {@code ANTHROPIC_API_KEY}.
 */
final class ClaudeCodeCli {

    /** What one run printed and how it ended. */
    record Run(int exitCode, String stdout, String stderr, long millis) {
    }

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
    Run prompt(String prompt, Map<String, String> files, String... extra) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("llmos-claude-work-");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(work.resolve(f.getKey()), f.getValue());
        }
        List<String> args = new ArrayList<>(List.of("-p", prompt, "--output-format", "json"));
        args.addAll(List.of(extra));
        return run(Files.createTempDirectory("llmos-claude-home-"), work, args.toArray(String[]::new));
    }

    /** Any {@code claude} command, with {@code home} as HOME (where {@code claude mcp add} keeps its settings). */
    Run run(Path home, Path work, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> env = builder.environment();
        env.remove("ANTHROPIC_AUTH_TOKEN");
        env.remove("ANTHROPIC_MODEL");
        env.put("HOME", home.toString());
        env.put("DISABLE_TELEMETRY", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("ANTHROPIC_BASE_URL", baseUrl);
        env.put("ANTHROPIC_API_KEY", apiKey);
        Path out = Files.createTempFile("llmos-claude-", ".out");
        Path err = Files.createTempFile("llmos-claude-", ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process process = builder.start();
        boolean done = process.waitFor(240, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (!done) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Run run = new Run(done ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), millis);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return run;
    }
}
