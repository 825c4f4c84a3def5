package dev.llmos.cli;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh server process, as {@code ./llmos} starts it: time from launch to the first
 * {@code 200} from {@code /health}, and its resident memory once idle. Needs the packaged jar
 * (it relaunches {@code java -jar} with it); from an IDE it says so and skips.
 */
final class StartupBenchmark {

    private StartupBenchmark() {
    }

    static void run(Path work, BenchReport report) throws Exception {
        String classPath = System.getProperty("java.class.path", "");
        String javaCommand = ProcessHandle.current().info().command().orElse(null);
        if (!classPath.endsWith(".jar") || classPath.contains(File.pathSeparator) || javaCommand == null) {
            System.out.println("# startup: skipped (run from the packaged jar, e.g. ./llmos bench, to measure it)");
            return;
        }
        java.nio.file.Files.createDirectories(work);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(javaCommand, "--enable-native-access=ALL-UNNAMED", "-jar", classPath,
                "serve", "--port", Integer.toString(port), "--volumes", work.resolve("volumes").toString()));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).GET().build();
        long start = System.nanoTime();
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile()).start();
        try {
            long deadline = start + Duration.ofSeconds(120).toNanos();
            while (true) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("the server exited with " + server.exitValue() + "; see " + work.resolve("server.log"));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no 200 from /health within 120 s");
                }
                try {
                    if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(10);
            }
            report.report("server_start_to_first_200", (System.nanoTime() - start) / 1e6, "ms");
            Thread.sleep(3_000); // let start-up work (library seeding, index warm-up) settle
            ProcessMemory.residentMb(server.pid()).ifPresent(mb -> report.report("server_rss_idle", mb, "MB"));
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
