package dev.llmos.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the compatibility endpoints add: the same streamed {@code /v1/messages} requests sent to a fast
 * stand-in Anthropic API directly, then through LLMos (token check, skill selection and injection, relay,
 * trace written after the answer), at several concurrency levels. Overhead = through LLMos minus direct,
 * for the whole stream and for the time to the first text delta. At one client also the translated paths
 * to the same upstream: {@code /v1/chat/completions} and {@code /v1/responses} asking for a Claude model
 * (the request translated to Messages, the answer's events written anew), against the same direct baseline.
 */
final class CompatBenchmark {

    /** One way in: the path, the body for a question, and the line that carries the first text. */
    private record Way(String name, String path, String bodyFormat, java.util.function.Predicate<String> firstText) {
    }

    private static final Way MESSAGES = new Way("messages", "/v1/messages",
            "{\"model\":\"claude-sonnet-5-5\",\"max_tokens\":512,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}",
            line -> line.startsWith("event: content_block_delta"));
    private static final Way CHAT = new Way("translated_chat", "/v1/chat/completions",
            "{\"model\":\"claude-sonnet-5-5\",\"max_tokens\":512,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}",
            line -> line.startsWith("data: ") && line.contains("\"content\":\"") && !line.contains("\"content\":\"\""));
    private static final Way RESPONSES = new Way("responses", "/v1/responses",
            "{\"model\":\"claude-sonnet-5-5\",\"max_output_tokens\":512,\"stream\":true,\"input\":\"%s\"}",
            line -> line.startsWith("event: response.output_text.delta"));

    private static final String[] QUESTIONS = {
            "Write a Python function to calculate Fibonacci numbers",
            "How should I review this pull request for security risks?",
            "My SQL query with a window function is slow, what should I check?",
            "Write a commit message for a bug fix in the parser",
            "How do I find which commit broke the build with git?",
            "Explain how to profile a slow Java service"};

    private CompatBenchmark() {
    }

    /** Whole-stream latencies and times to the first text delta, sorted. */
    private record Run(long[] total, long[] firstDelta) {
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
                String via = "http://127.0.0.1:" + port;
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                measure(client, via, MESSAGES, 4, 300);
                measure(client, upstream.baseUrl(), MESSAGES, 4, 300);
                measure(client, via, CHAT, 2, 100);
                measure(client, via, RESPONSES, 2, 100);
                for (int c : concurrency) {
                    int n = Math.max(requestsPerLevel, c * 5);
                    Run direct = measure(client, upstream.baseUrl(), MESSAGES, c, n);
                    Run llmos = measure(client, via, MESSAGES, c, n);
                    String p = "compat_c" + c;
                    report.report(p + "_direct_p50", direct.total()[n / 2] / 1e6, "ms");
                    report.report(p + "_llmos_p50", llmos.total()[n / 2] / 1e6, "ms");
                    report.report(p + "_llmos_p99", percentile(llmos.total(), 0.99) / 1e6, "ms");
                    report.report(p + "_overhead_p50", (llmos.total()[n / 2] - direct.total()[n / 2]) / 1e6, "ms");
                    report.report(p + "_overhead_p99", (percentile(llmos.total(), 0.99) - percentile(direct.total(), 0.99)) / 1e6, "ms");
                    report.report(p + "_ttft_added_p50", (llmos.firstDelta()[n / 2] - direct.firstDelta()[n / 2]) / 1e6, "ms");
                    report.report(p + "_ttft_added_p99",
                            (percentile(llmos.firstDelta(), 0.99) - percentile(direct.firstDelta(), 0.99)) / 1e6, "ms");
                    if (c != concurrency[0]) {
                        continue;
                    }
                    for (Way way : new Way[] {CHAT, RESPONSES}) {
                        Run baseline = measure(client, upstream.baseUrl(), MESSAGES, c, n);
                        Run translated = measure(client, via, way, c, n);
                        String q = "compat_" + way.name() + "_c" + c;
                        report.report(q + "_overhead_p50", (translated.total()[n / 2] - baseline.total()[n / 2]) / 1e6, "ms");
                        report.report(q + "_overhead_p99",
                                (percentile(translated.total(), 0.99) - percentile(baseline.total(), 0.99)) / 1e6, "ms");
                        report.report(q + "_ttft_added_p50", (translated.firstDelta()[n / 2] - baseline.firstDelta()[n / 2]) / 1e6, "ms");
                    }
                }
            } finally {
                context.close();
            }
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    private static HttpRequest request(String base, Way way, int i) {
        String body = way.bodyFormat().formatted(QUESTIONS[i % QUESTIONS.length]);
        return HttpRequest.newBuilder(URI.create(base + way.path())).header("Content-Type", "application/json")
                .header("x-api-key", "bench-key").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** n streamed requests from c concurrent clients, each read line by line to the end. */
    private static Run measure(HttpClient client, String base, Way way, int c, int n) throws Exception {
        long[] total = new long[n];
        long[] first = new long[n];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(c);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < c; t++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    HttpResponse<InputStream> r = client.send(request(base, way, i), HttpResponse.BodyHandlers.ofInputStream());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("status " + r.statusCode() + ": " + new String(r.body().readAllBytes(),
                                StandardCharsets.UTF_8));
                    }
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            if (first[i] == 0 && way.firstText().test(line)) {
                                first[i] = System.nanoTime() - t0;
                            }
                        }
                    }
                    total[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        Arrays.sort(total);
        Arrays.sort(first);
        return new Run(total, first);
    }
}
