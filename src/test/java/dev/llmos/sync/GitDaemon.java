package dev.llmos.sync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real git server on loopback for the sync tests: {@code git daemon} with push enabled, serving
 * bare repositories the test creates (plain git servers cannot create repositories over the wire).
 * It can be stopped and started again on the same port, to play a server that goes away.
 */
final class GitDaemon implements AutoCloseable {

    private final Path base;
    private final int port;
    private Process process;

    GitDaemon(Path base) throws IOException {
        this.base = base;
        Files.createDirectories(base);
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    /** The URL pattern a node is given. */
    String pattern() {
        return "git://127.0.0.1:" + port + "/{volume}.git";
    }

    /** An empty bare repository for each name ({@code system}, {@code users-alice}, ...). */
    void create(String... names) throws IOException, InterruptedException {
        for (String name : names) {
            git(base, "init", "--quiet", "--bare", "--initial-branch=main", base.resolve(name + ".git").toString());
        }
    }

    Path repository(String name) {
        return base.resolve(name + ".git");
    }

    /** Every file path on the server's main branch of {@code name}; empty when nothing was pushed. */
    List<String> files(String name) throws IOException, InterruptedException {
        Path repo = repository(name);
        if (git(repo, "rev-parse", "--verify", "--quiet", "refs/heads/main").isBlank()) {
            return List.of();
        }
        return List.of(git(repo, "ls-tree", "-r", "--name-only", "main").split("\n"));
    }

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("git", "daemon", "--reuseaddr", "--base-path=" + base, "--export-all",
                "--enable=receive-pack", "--informative-errors", "--port=" + port, "--listen=127.0.0.1", base.toString())
                .redirectErrorStream(true).redirectOutput(base.resolveSibling("git-daemon.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("git daemon exited; see git-daemon.log");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("git daemon did not listen on " + port);
    }

    /** The server goes away: the daemon and any connection it is serving. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        process = null;
    }

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("git " + String.join(" ", args) + " hung");
        }
        return p.exitValue() == 0 ? out.strip() : "";
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
