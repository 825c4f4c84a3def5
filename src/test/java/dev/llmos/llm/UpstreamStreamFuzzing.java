package dev.llmos.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.net.httpserver.HttpServer;

/**
 * Coverage-guided fuzzing of upstream SSE streams (Jazzer): a loopback server answers every POST
 * with status 200, {@code text/event-stream} and the fuzzed bytes; both providers read it. Each
 * either returns an answer whose text is what it streamed, or throws an {@link LlmException} (which
 * the chat turns into an error event); anything else would escape a chat request. Committed inputs
 * (valid Anthropic and OpenAI streams from the fakes, streams cut mid-event, deep JSON, invalid
 * UTF-8) are in {@code src/test/resources/dev/llmos/llm/UpstreamStreamFuzzingInputs/stream/}.
 */
class UpstreamStreamFuzzing {

    private static final AtomicReference<byte[]> BODY = new AtomicReference<>(new byte[0]);
    private static HttpServer server;
    private static ExecutorService executor;
    private static AnthropicProvider anthropic;
    private static OpenAiCompatibleProvider openAi;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] body = BODY.get();
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.start();
        String origin = "http://127.0.0.1:" + server.getAddress().getPort();
        // No retries and a short timeout: every input is one exchange; the timeout only guards a hang.
        anthropic = new AnthropicProvider("sk-ant-fuzz", origin, "claude-fuzz", 0, Duration.ofSeconds(10));
        openAi = new OpenAiCompatibleProvider("sk-fuzz", origin + "/v1", "llama-fuzz", 0, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (anthropic != null) {
            anthropic.close();
        }
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void stream(byte[] data) {
        BODY.set(data);
        readsOrRefuses(anthropic);
        readsOrRefuses(openAi);
    }

    private static void readsOrRefuses(LlmProvider provider) {
        List<String> deltas = new ArrayList<>();
        LlmResponse response;
        try {
            response = provider.stream(request(), deltas::add);
        } catch (LlmException refused) {
            assertThat(refused.getMessage()).as(provider.name()).isNotBlank();
            return;
        }
        assertThat(response).as(provider.name()).isNotNull();
        assertThat(response.text()).as(provider.name()).isEqualTo(String.join("", deltas));
        assertThat(response.toolUses()).as(provider.name()).isNotNull();
    }

    private static LlmRequest request() {
        return new LlmRequest(null, List.of(new LlmRequest.SystemBlock("You are helpful.", true)),
                List.of(LlmMessage.user("hi")), 256, List.of(), List.of(), new Cancellation());
    }
}
