package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the web UI's browser scripts ({@code web/e2e/*.mjs}: playwright-core driving Debian's
 * Chromium) against a server on this machine, and checks it ended well. Skips (does not fail) when the
 * UI was not built ({@code -DskipWeb}), {@code web/node_modules} is missing, or no {@code chromium} is
 * installed; each of those says how to get it.
 */
final class BrowserScript {

    static final Path WEB = Path.of("web").toAbsolutePath();
    static final Path SCREENSHOTS = Path.of("target/e2e").toAbsolutePath();

    private BrowserScript() {
    }

    /** Runs {@code web/e2e/{script}} with {@code LLMOS_URL}, {@code CHROMIUM_PATH} and {@code SCREENSHOTS} set; returns its output. */
    static String run(String script, int port) throws IOException, InterruptedException {
        return run(script, port, java.util.Map.of());
    }

    /** The same, with more environment variables for the script. */
    static String run(String script, int port, java.util.Map<String, String> env) throws IOException, InterruptedException {
        assumeTrue(BrowserScript.class.getResource("/static/index.html") != null, "the web UI was not built (-DskipWeb)");
        assumeTrue(Files.isDirectory(WEB.resolve("node_modules/playwright-core")), "web/node_modules is missing (npm ci)");
        String chromium = which("chromium");
        assumeTrue(chromium != null, "no chromium on PATH (apt-get install chromium)");

        Path log = Files.createTempFile("llmos-e2e-", ".log");
        ProcessBuilder builder = new ProcessBuilder("node", "e2e/" + script).directory(WEB.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("LLMOS_URL", "http://127.0.0.1:" + port);
        builder.environment().put("CHROMIUM_PATH", chromium);
        builder.environment().put("SCREENSHOTS", SCREENSHOTS.toString());
        builder.environment().putAll(env);
        Process node = builder.start();
        boolean finished = node.waitFor(120, TimeUnit.SECONDS); // a hang guard, not a speed figure
        if (!finished) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(finished).as("the e2e script finished in time:\n" + output).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        return output;
    }

    private static String which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
