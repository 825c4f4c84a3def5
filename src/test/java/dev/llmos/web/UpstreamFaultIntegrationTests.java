package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.llmos.LlmosApplication;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeReply;
import tools.jackson.databind.JsonNode;

/**
 * The model upstream misbehaves (rate limits, 5xx, 529, an error event or a cut mid-stream, silence past
 * the timeout, a client hanging up): the caller gets a clear problem+json or SSE error naming the trace,
 * the failure is saved as one complete trace and nothing else, and the server keeps serving everyone.
 * Unreachable (connection refused) shares the timeout's kind and status; the provider tests cover it.
 */
@SpringBootTest(classes = LlmosApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UpstreamFaultIntegrationTests {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final Path VOLUMES = TempVolumes.create("llmos-faults-");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("llmos.volumes-path", VOLUMES::toString);
        registry.add("llmos.scan-interval", () -> "1h");
        registry.add("llmos.embeddings", () -> "false");
        registry.add("ANTHROPIC_API_KEY", () -> "sk-ant-test-key-faults-0123456789");
        registry.add("ANTHROPIC_BASE_URL", ANTHROPIC::baseUrl);
        registry.add("LLMOS_LLM_MAX_RETRIES", () -> "1");
        registry.add("LLMOS_LLM_TIMEOUT_SECONDS", () -> "1");
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void freshFake() {
        ANTHROPIC.reset();
    }

    static Stream<Arguments> failures() {
        FakeReply longText = FakeReply.text("an answer that will not arrive whole").deltas(6);
        return Stream.of(
                Arguments.of("rate limited twice", List.of(FakeReply.rateLimited().retryAfter("0"), FakeReply.rateLimited().retryAfter("0")),
                        429, "model-rate-limited"),
                Arguments.of("500 twice", List.of(FakeReply.error(500, "api_error", "Internal server error"),
                        FakeReply.error(500, "api_error", "Internal server error")), 502, "model-upstream-error"),
                Arguments.of("529 twice", List.of(FakeReply.overloaded(), FakeReply.overloaded()), 503, "model-overloaded"),
                Arguments.of("error event mid-stream", List.of(longText.errorMidStream(2, "overloaded_error", "Overloaded")),
                        503, "model-overloaded"),
                Arguments.of("connection cut mid-stream", List.of(longText.cutAfter(2)), 502, "model-stream-cut"),
                Arguments.of("silent past the timeout", List.of(longText.delayPerDelta(Duration.ofSeconds(3))), 504,
                        "model-unreachable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailingUpstreamGivesAClearProblemAndOneCompleteErrorTrace(String fault, List<FakeReply> replies, int status, String type) {
        String user = "u" + Integer.toHexString(fault.hashCode() & 0xfffff);
        Http http = new Http(port);
        assertThat(http.post("/chat", chat(user, "warm up")).status()).isEqualTo(200);
        int commitsBefore = commits(http, user);

        ANTHROPIC.enqueue(replies.toArray(FakeReply[]::new));
        Http.Reply r = http.post("/chat", chat(user, "tell me about " + fault));

        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("type").asString()).endsWith("/" + type);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.llmos").doesNotContain("sk-ant-test");
        assertFailureSaved(http, user, problem.get("trace_id").asString(), "tell me about " + fault, commitsBefore);

        assertStillServing(http, user);
    }

    @Test
    void aStreamThatFailsAfterItStartedEndsWithAnErrorEventAndATrace() {
        Http http = new Http(port);
        String user = "streamer";
        assertThat(http.post("/chat", chat(user, "warm up")).status()).isEqualTo(200);
        int commitsBefore = commits(http, user);
        ANTHROPIC.enqueue(FakeReply.text("half of a story that stops").deltas(6).cutAfter(3));

        Http.Reply r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/stream"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(chat(user, "a story"))));

        List<ChatServer.Event> events = ChatServer.events(r.body());
        assertThat(events.stream().map(ChatServer.Event::name)).contains("delta").doesNotContain("done");
        ChatServer.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.data().get("type").asString()).endsWith("/model-stream-cut");
        JsonNode trace = assertFailureSaved(http, user, last.data().get("trace_id").asString(), "a story", commitsBefore);
        assertThat(trace.get("response").asString()).as("the part that arrived is kept").isNotEmpty();
        assertStillServing(http, user);
    }

    /** An upstream that echoes LLMos's own API key in its error must not show it to the caller, on any route. */
    @Test
    void anUpstreamErrorThatEchoesTheKeyIsScrubbedOnEveryRoute() {
        String key = "sk-ant-test-key-faults-0123456789";
        Http http = new Http(port);
        ANTHROPIC.enqueue(FakeReply.error(401, "authentication_error", "invalid x-api-key: " + key));
        Http.Reply compat = http.post("/v1/messages",
                "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(compat.status()).isEqualTo(401);
        assertThat(compat.body()).doesNotContain(key).contains("[REDACTED]");
        assertThat(compat.json().path("error").path("type").asString()).isEqualTo("authentication_error");
        ANTHROPIC.enqueue(FakeReply.error(401, "authentication_error", "invalid x-api-key: " + key));
        Http.Reply chat = http.post("/chat", chat("scrubbed", "hi"));
        assertThat(chat.status()).isGreaterThanOrEqualTo(400);
        assertThat(chat.body()).doesNotContain(key);
    }

    /**
     * A slow answer holds one request, not the server: while it streams, other users read, write and
     * chat; when its client hangs up, the upstream call is cancelled and the failure is a trace.
     */
    @Test
    void aSlowUpstreamHoldsOnlyItsOwnCallerAndAHangUpCancelsIt() throws Exception {
        Http http = new Http(port);
        String slowUser = "patient";
        assertThat(http.post("/chat", chat(slowUser, "warm up")).status()).isEqualTo(200);
        int commitsBefore = commits(http, slowUser);
        // Alive but slow: 200 deltas 200 ms apart (40 s), each well inside the 1 s idle timeout.
        ANTHROPIC.enqueue(FakeReply.text("word ".repeat(200)).deltas(200).delayPerDelta(Duration.ofMillis(200)));

        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> slow = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/stream"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(chat(slowUser, "write slowly")))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = slow.body();
        String seen = readUntil(in, "event: delta");
        assertThat(seen).contains("event: skills");

        // Meanwhile, everyone else is served (several at once).
        List<CompletableFuture<Integer>> others = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String other = "busy" + i;
            others.add(CompletableFuture.supplyAsync(() -> http.post("/skills", "{\"user_id\":\"" + other
                    + "\",\"skill_id\":\"note\",\"name\":\"Note\",\"description\":\"a note\",\"content\":\"# Note\"}").status()));
            others.add(CompletableFuture.supplyAsync(() -> http.get("/skills?user_id=" + other).status()));
            others.add(CompletableFuture.supplyAsync(() -> http.post("/chat", chat(other, "quick question")).status()));
        }
        for (CompletableFuture<Integer> f : others) {
            assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isBetween(200, 201);
        }
        assertThat(http.get("/health").status()).isEqualTo(200);

        in.close(); // the slow caller hangs up mid-answer
        assertThat(ANTHROPIC.awaitClientDisconnect(Duration.ofSeconds(10))).as("LLMos cancelled the upstream call").isTrue();
        JsonNode trace = awaitTrace(http, slowUser, "write slowly");
        assertThat(trace.get("outcome").asString()).isEqualTo("error");
        assertThat(trace.get("error").asString()).startsWith("cancelled");
        assertThat(commits(http, slowUser)).isEqualTo(commitsBefore + 1);
        assertStillServing(http, slowUser);
    }

    private static String readUntil(InputStream in, String marker) throws java.io.IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[512];
        int read;
        while (seen.indexOf(marker) < 0 && (read = in.read(buffer)) >= 0) {
            seen.append(new String(buffer, 0, read, java.nio.charset.StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    private static String chat(String user, String message) {
        return "{\"user_id\":\"" + user + "\",\"message\":" + Http.JSON.writeValueAsString(message) + "}";
    }

    private static int commits(Http http, String user) {
        Http.Reply r = http.get("/volumes/users/" + user + "/history?user_id=" + user + "&limit=1000");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("commits").size();
    }

    /** The failure is one new commit holding one complete, readable trace, and the volume is sound. */
    private JsonNode assertFailureSaved(Http http, String user, String traceId, String request, int commitsBefore) {
        assertThat(traceId).startsWith("trace_");
        Http.Reply r = http.get("/traces/" + traceId + "?user_id=" + user);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode trace = r.json().get("trace");
        assertThat(trace.get("outcome").asString()).isEqualTo("error");
        assertThat(trace.get("error").asString()).isNotBlank();
        assertThat(trace.get("request").asString()).isEqualTo(request);
        assertThat(commits(http, user)).isEqualTo(commitsBefore + 1);
        assertThat(Fsck.problems(VOLUMES.resolve("users/" + user))).isEmpty();
        return trace;
    }

    private JsonNode awaitTrace(Http http, String user, String request) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode view : http.get("/traces?user_id=" + user + "&limit=50").json().get("traces")) {
                JsonNode t = view.get("trace");
                if (request.equals(t.get("request").asString())) {
                    return t;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no trace of '" + request + "' for " + user);
    }

    private static void assertStillServing(Http http, String user) {
        Http.Reply ok = http.post("/chat", chat(user, "are you still there?"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("response").asString()).isNotBlank();
    }
}
