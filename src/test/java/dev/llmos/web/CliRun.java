package dev.llmos.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a real command-line client (Claude Code, the MCP Inspector): stdin closed so it never waits
 * for a person, stdout and stderr kept apart, killed after a timeout.
 *
 * @param exitCode the process's exit code, or -1 when it was killed at the timeout
 */
record CliRun(int exitCode, String stdout, String stderr, long millis) {

    /** Runs {@code command} in {@code dir} with {@code env} added to (and {@code unset} taken from) this environment. */
    static CliRun exec(List<String> command, Path dir, Map<String, String> env, List<String> unset, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        unset.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        Path out = Files.createTempFile("llmos-cli-", ".out");
        Path err = Files.createTempFile("llmos-cli-", ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process process = builder.start();
        boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (!done) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        CliRun run = new CliRun(done ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), millis);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return run;
    }
}
