package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the node:test suites in {@code clients/} with the machine's node and npm (installed by .ci/run). */
final class NodeClients {

    private NodeClients() {
    }

    /** Installs the pinned packages of {@code clients/} with npm ci, unless they are installed already from the same lock. */
    static synchronized void install(Path clients) throws IOException, InterruptedException {
        requireTool("node");
        requireTool("npm");
        Path installed = clients.resolve("node_modules/.package-lock.json");
        if (!Files.exists(installed)
                || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(clients.resolve("package-lock.json"))) < 0) {
            Result install = exec(clients, Map.of(), 600, "npm", "ci", "--prefer-offline", "--no-audit", "--no-fund");
            assertThat(install.code()).as("npm ci in clients/:\n" + install.output()).isZero();
        }
    }

    /** Installs the pinned packages when needed, runs the files one at a time, and returns the TAP output. */
    static String run(Path clients, Map<String, String> env, String... files) throws IOException, InterruptedException {
        install(clients);
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1", "--test-reporter=tap"));
        command.addAll(List.of(files));
        Result run = exec(clients, env, 120, command.toArray(String[]::new));
        System.out.println(run.output());
        assertThat(run.code()).as("node --test in clients/:\n" + run.output()).isZero();
        return run.output();
    }

    private record Result(int code, String output) {
    }

    private static Result exec(Path dir, Map<String, String> env, int timeoutSeconds, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Path log = Files.createTempFile("llmos-node-", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Result(process.exitValue(), output);
    }

    private static void requireTool(String tool) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // reported below
        }
        fail("'" + tool + "' is not installed: the SDK compatibility tests need Node.js 20+ and npm "
                + "(.ci/run installs them: apt-get install nodejs npm)");
    }
}
