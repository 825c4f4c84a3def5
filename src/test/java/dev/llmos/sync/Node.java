package dev.llmos.sync;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One LLMos server process with its own volumes folder, synced through the test's git server. */
final class Node implements AutoCloseable {

    record Reply(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String name;
    private final Path volumes;
    private final int port;
    private final Process process;

    Node(String name, Path volumes, Map<String, String> env) throws Exception {
        this.name = name;
        this.volumes = volumes;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "dev.llmos.Main",
                "serve", "--port", String.valueOf(port), "--volumes", volumes.toString());
        pb.environment().put("LLMOS_EMBEDDINGS", "false");
        pb.environment().put("LLMOS_SCAN_INTERVAL", "1h");
        pb.environment().remove("ANTHROPIC_API_KEY");
        pb.environment().remove("LLMOS_OPENAI_BASE_URL");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log().toFile());
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node " + name + " died on start; see " + log());
            }
            try {
                if (send("GET", "/health", null).status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("node " + name + " did not become healthy");
    }

    Path log() {
        return volumes.resolveSibling(name + "-server.log");
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    Reply post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, json);
    }

    Reply put(String path, String json) throws IOException, InterruptedException {
        return send("PUT", path, json);
    }

    Reply send(String method, String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
