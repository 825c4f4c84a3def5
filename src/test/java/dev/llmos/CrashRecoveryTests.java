package dev.llmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged writes survive {@code kill -9}: the real server runs as its own process, takes
 * concurrent skill writes and chats, is killed with SIGKILL mid-load, and restarted; everything
 * it acknowledged must be there, intact, and every volume must pass {@code git fsck --strict}.
 */
class CrashRecoveryTests {

    private static final int CYCLES = 3;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path volumes;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Map<String, String> skills = new ConcurrentHashMap<>(); // id -> description acknowledged last
        List<String> traces = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sequence = new AtomicInteger();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            int port = freePort();
            Process server = start(port);
            try {
                awaitHealthy(port, server);
                verify(port, skills, traces);
                load(port, skills, traces, sequence, Duration.ofMillis(1500));
            } finally {
                server.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
        int port = freePort();
        Process server = start(port);
        try {
            awaitHealthy(port, server);
            verify(port, skills, traces);
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(skills).as("the load made acknowledged writes").hasSizeGreaterThan(20);
        assertThat(traces).hasSizeGreaterThan(5);
        for (Path repo : List.of(volumes.resolve("system"), volumes.resolve("users/crash"))) {
            Process fsck = new ProcessBuilder("git", "fsck", "--full", "--strict").directory(repo.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(fsck.waitFor()).as(repo + ": " + out).isZero();
        }
    }

    private Process start(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.llmos.Main",
                "serve", "--port", String.valueOf(port), "--volumes", volumes.toString());
        pb.environment().put("LLMOS_EMBEDDINGS", "false");
        pb.environment().remove("ANTHROPIC_API_KEY");
        pb.environment().remove("LLMOS_OPENAI_BASE_URL");
        pb.redirectErrorStream(true).redirectOutput(volumes.resolveSibling(volumes.getFileName() + "-server.log").toFile());
        return pb.start();
    }

    private void awaitHealthy(int port, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server process died on start").isTrue();
            try {
                if (send(port, HttpRequest.newBuilder(uri(port, "/health")).GET()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server did not become healthy");
    }

    private void load(int port, Map<String, String> skills, List<String> traces, AtomicInteger sequence, Duration time)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            pool.submit(() -> {
                while (!stop.get()) {
                    int n = sequence.incrementAndGet();
                    try {
                        if (thread == 0) {
                            HttpResponse<String> r = send(port, HttpRequest.newBuilder(uri(port, "/chat"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"crash\",\"message\":\"question " + n + "\"}")));
                            if (r.statusCode() == 200) {
                                String body = r.body();
                                int at = body.indexOf("\"trace_id\":\"") + 12;
                                traces.add(body.substring(at, body.indexOf('"', at)));
                            }
                        } else {
                            String id = "s" + thread + "-" + (n % 5); // one writer per id: acks are ordered
                            String description = "version " + n;
                            HttpResponse<String> r = send(port, HttpRequest.newBuilder(uri(port, "/skills/" + id))
                                    .header("Content-Type", "application/json")
                                    .PUT(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"crash\",\"name\":\"S\",\"description\":\""
                                            + description + "\",\"content\":\"body " + n + "\"}")));
                            if (r.statusCode() == 200 || r.statusCode() == 201) {
                                skills.put(id, description);
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        return null;
                    }
                }
                return null;
            });
        }
        Thread.sleep(time.toMillis());
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static int version(String description) {
        return Integer.parseInt(description.substring("version ".length()));
    }

    private void verify(int port, Map<String, String> skills, List<String> traces) throws Exception {
        for (Map.Entry<String, String> e : skills.entrySet()) {
            HttpResponse<String> r = send(port, HttpRequest.newBuilder(uri(port, "/skills/" + e.getKey() + "?user_id=crash&volume=user")).GET());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            String description = r.body().replaceAll(".*\"description\":\"([^\"]*)\".*", "$1");
            // The last acknowledged version, or the one its writer was sending when the kill came (committed, not acknowledged).
            assertThat(description).as(e.getKey()).startsWith("version ");
            assertThat(version(description)).as(e.getKey()).isGreaterThanOrEqualTo(version(e.getValue()));
            assertThat(r.body()).as(e.getKey()).contains("\"content\":\"body " + version(description) + "\\n\"");
        }
        for (String id : List.copyOf(traces)) {
            assertThat(send(port, HttpRequest.newBuilder(uri(port, "/traces/" + id + "?user_id=crash")).GET()).statusCode())
                    .as(id).isEqualTo(200);
        }
    }

    private HttpResponse<String> send(int port, HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
