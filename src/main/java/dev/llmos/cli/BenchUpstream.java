package dev.llmos.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in Anthropic Messages API for benchmarks: answers every {@code POST /v1/messages} with
 * the same streamed answer in the real SSE format, as fast as it can, so what is measured is
 * LLMos's own overhead. Binds 127.0.0.1 only.
 */
final class BenchUpstream implements AutoCloseable {

    private static final String[] WORDS = "Here is a short answer streamed in twenty small pieces for the benchmark run today ok done"
            .split(" ");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-upstream");
        t.setDaemon(true);
        return t;
    });

    BenchUpstream() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else Nagle adds ~40 ms per call
        // The JDK server closes idle keep-alive connections beyond 200, which a pooled client
        // then finds dead mid-request; hundreds of concurrent clients need more.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "2000");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(executor);
        server.createContext("/v1/messages", this::answer);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            send(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"model\":\"claude-sonnet-5-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":900,\"output_tokens\":1,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}}");
            send(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
            for (String word : WORDS) {
                send(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
                        + word + " \"}}");
            }
            send(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
            send(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                    + "\"usage\":{\"output_tokens\":" + WORDS.length + "}}");
            send(out, "message_stop", "{\"type\":\"message_stop\"}");
        }
    }

    private static void send(OutputStream out, String event, String data) throws IOException {
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
