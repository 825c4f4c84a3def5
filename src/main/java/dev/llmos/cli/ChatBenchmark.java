package dev.llmos.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What LLMos adds to a chat: the same requests sent to a fast stand-in Anthropic API directly,
 * then through LLMos ({@code POST /chat}: skill selection, prompt assembly, the official SDK,
 * and a durable trace commit), at several concurrency levels. Overhead = LLMos minus direct.
 * Streaming ({@code POST /chat/stream}) is measured the same way, with the time to the first
 * text delta: LLMos's first {@code event: delta} against the upstream's first {@code content_block_delta}.
 */
final class ChatBenchmark {

    private static final String[] QUESTIONS = {
            "Write a Python function to calculate Fibonacci numbers",
            "How should I review this pull request for security risks?",
            "My SQL query with a window function is slow, what should I check?",
            "Write a commit message for a bug fix in the parser",
            "How do I find which commit broke the build with git?",
            "Explain how to profile a slow Java service"};

    private ChatBenchmark() {
    }

    static void run(Class<?> application, Path work, int[] concurrency, int requestsPerLevel, BenchReport report) throws Exception {
        try (BenchUpstream upstream = new BenchUpstream()) {
            SpringApplication app = new SpringApplication(application);
            ConfigurableApplicationContext context = app.run("--server.port=0", "--server.address=127.0.0.1",
                    "--llmos.volumes-path=" + work.resolve("volumes"), "--llmos.scan-interval=1h",
                    "--ANTHROPIC_API_KEY=bench-key", "--ANTHROPIC_BASE_URL=" + upstream.baseUrl(),
                    "--LLMOS_LLM_MAX_RETRIES=0", "--logging.level.root=WARN", "--spring.main.log-startup-info=false");
            try {
                int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                // Warm-up: JIT, the SDK's first call, JGit's first write, the skill index.
                measure(client, i -> chat(port, i), 4, 200);
                measure(client, i -> direct(upstream, i), 4, 200);
                measureStream(client, i -> stream(port, i), "event: delta", 4, 100);
                for (int c : concurrency) {
                    int n = Math.max(requestsPerLevel, c * 5);
                    long[] direct = measure(client, i -> direct(upstream, i), c, n).sorted();
                    Run llmos = measure(client, i -> chat(port, i), c, n);
                    long[] via = llmos.sorted();
                    String prefix = "chat_overhead_c" + c;
                    report.report("direct_c" + c + "_p50", direct[direct.length / 2] / 1e6, "ms");
                    report.report("llmos_c" + c + "_p50", via[via.length / 2] / 1e6, "ms");
                    report.report("llmos_c" + c + "_p99", percentile(via, 0.99) / 1e6, "ms");
                    report.report(prefix + "_p50", (via[via.length / 2] - direct[direct.length / 2]) / 1e6, "ms");
                    report.report(prefix + "_p99", (percentile(via, 0.99) - percentile(direct, 0.99)) / 1e6, "ms");
                    report.report("llmos_c" + c + "_throughput", via.length / (llmos.wallNanos() / 1e9), "chats/s");

                    Streamed directStream = measureStream(client, i -> direct(upstream, i), "content_block_delta", c, n);
                    Streamed llmosStream = measureStream(client, i -> stream(port, i), "event: delta", c, n);
                    String s = "stream_c" + c;
                    report.report("llmos_" + s + "_p50", llmosStream.total()[n / 2] / 1e6, "ms");
                    report.report("llmos_" + s + "_p99", percentile(llmosStream.total(), 0.99) / 1e6, "ms");
                    report.report(s + "_overhead_p50", (llmosStream.total()[n / 2] - directStream.total()[n / 2]) / 1e6, "ms");
                    report.report("ttft_direct_c" + c + "_p50", directStream.firstDelta()[n / 2] / 1e6, "ms");
                    report.report("ttft_llmos_c" + c + "_p50", llmosStream.firstDelta()[n / 2] / 1e6, "ms");
                    report.report("ttft_llmos_c" + c + "_p99", percentile(llmosStream.firstDelta(), 0.99) / 1e6, "ms");
                    report.report("ttft_added_c" + c + "_p50",
                            (llmosStream.firstDelta()[n / 2] - directStream.firstDelta()[n / 2]) / 1e6, "ms");
                    report.report("ttft_added_c" + c + "_p99",
                            (percentile(llmosStream.firstDelta(), 0.99) - percentile(directStream.firstDelta(), 0.99)) / 1e6, "ms");
                    report.report("llmos_" + s + "_throughput", n / (llmosStream.wallNanos() / 1e9), "chats/s");
                }
            } finally {
                context.close();
            }
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    /** Latencies of one scenario, sorted, and how long it took from first send to last answer. */
    private record Run(long[] sorted, long wallNanos) {
    }

    private static HttpRequest chat(int port, int i) {
        String body = "{\"user_id\":\"bench" + (i % 8) + "\",\"team_id\":\"eng\",\"message\":\"" + QUESTIONS[i % QUESTIONS.length]
                + "\",\"include_skills\":true,\"max_skills\":5}";
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest stream(int port, int i) {
        String body = "{\"user_id\":\"bench" + (i % 8) + "\",\"team_id\":\"eng\",\"message\":\"" + QUESTIONS[i % QUESTIONS.length]
                + "\",\"include_skills\":true,\"max_skills\":5}";
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/stream"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest direct(BenchUpstream upstream, int i) {
        String body = "{\"model\":\"claude-sonnet-5-5\",\"max_tokens\":512,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + QUESTIONS[i % QUESTIONS.length] + "\"}]}";
        return HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/v1/messages"))
                .header("Content-Type", "application/json").header("x-api-key", "bench-key")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Streamed answers: time to the first text delta and to the end, each sorted. */
    private record Streamed(long[] firstDelta, long[] total, long wallNanos) {
    }

    /** Sends n streaming requests from c concurrent clients, noting when {@code marker} first arrives. */
    private static Streamed measureStream(HttpClient client, IntFunction<HttpRequest> request, String marker,
                                          int c, int n) throws Exception {
        long[] first = new long[n];
        long[] total = new long[n];
        long wall = concurrently(c, n, i -> {
            long t0 = System.nanoTime();
            HttpResponse<Stream<String>> r = client.send(request.apply(i), HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("status " + r.statusCode());
            }
            long[] seen = {0};
            try (Stream<String> lines = r.body()) {
                lines.forEach(line -> {
                    if (seen[0] == 0 && line.contains(marker)) {
                        seen[0] = System.nanoTime() - t0;
                    }
                });
            }
            if (seen[0] == 0) {
                throw new IllegalStateException("no '" + marker + "' in the stream");
            }
            first[i] = seen[0];
            total[i] = System.nanoTime() - t0;
        });
        Arrays.sort(first);
        Arrays.sort(total);
        return new Streamed(first, total, wall);
    }

    /** Sends n requests from c concurrent clients. */
    private static Run measure(HttpClient client, IntFunction<HttpRequest> request, int c, int n) throws Exception {
        long[] latencies = new long[n];
        long wall = concurrently(c, n, i -> {
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(request.apply(i), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("status " + r.statusCode() + ": " + r.body());
            }
            latencies[i] = System.nanoTime() - t0;
        });
        Arrays.sort(latencies);
        return new Run(latencies, wall);
    }

    /** One request of a run, by its index. */
    @FunctionalInterface
    private interface Call {
        void send(int i) throws Exception;
    }

    /** Runs calls 0..n-1 from c threads, each taking the next index; returns the wall time in nanoseconds. */
    private static long concurrently(int c, int n, Call call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(c);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < c; t++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    call.send(i);
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdown();
        }
    }
}
