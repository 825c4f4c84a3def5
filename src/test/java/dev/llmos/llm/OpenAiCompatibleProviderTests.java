package dev.llmos.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class OpenAiCompatibleProviderTests {

    static final String KEY = "sk-openai-test-secret-42";

    FakeOpenAiServer fake;

    @BeforeEach
    void start() {
        fake = FakeOpenAiServer.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    OpenAiCompatibleProvider provider(int maxRetries) {
        return new OpenAiCompatibleProvider(KEY, fake.baseUrl(), "llama-test", maxRetries, Duration.ofSeconds(10));
    }

    static LlmRequest ask(String text) {
        return ask(text, new Cancellation());
    }

    static LlmRequest ask(String text, Cancellation cancellation) {
        return new LlmRequest(null, List.of(new LlmRequest.SystemBlock("You are helpful.", true)),
                List.of(LlmMessage.user(text)), 256, List.of(), List.of(), cancellation);
    }

    static LlmTool loadSkill() {
        return new LlmTool("load_skill", "Load a skill by name",
                Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string")),
                        "required", List.of("name")));
    }

    @Test
    void streamsTextInOrderWithUsageFromTheFinalChunk() {
        fake.enqueue(FakeReply.text("Local models stream too.").deltas(6).usage(20, 5, 0, 12));
        List<String> deltas = new ArrayList<>();

        LlmResponse response = provider(0).stream(ask("hi"), deltas::add);

        assertThat(deltas).containsExactlyElementsOf(FakeReply.split("Local models stream too.", 6));
        assertThat(response.text()).isEqualTo("Local models stream too.").isEqualTo(String.join("", deltas));
        assertThat(response.provider()).isEqualTo("openai");
        assertThat(response.model()).isEqualTo("llama-test");
        assertThat(response.stopReason()).isEqualTo("end_turn");
        // prompt_tokens 32 of which 12 cached: Anthropic's meaning, so prices add up.
        assertThat(response.usage()).isEqualTo(new Usage(20, 5, 0, 12));
    }

    @Test
    void sendsAStreamingChatCompletionRequest() {
        List<LlmRequest.SystemBlock> system = List.of(new LlmRequest.SystemBlock("You are LLMos.", false),
                new LlmRequest.SystemBlock("# Skill: review", true));
        LlmRequest request = new LlmRequest("qwen3:8b", system, List.of(LlmMessage.user("first"),
                LlmMessage.assistant("answer"), LlmMessage.user("second")), 300, List.of(loadSkill()), List.of(), null);

        provider(0).stream(request, LlmListener.IGNORE);

        RecordedRequest sent = fake.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("content-type")).startsWith("application/json");
        JsonNode json = sent.json();
        assertThat(json.path("model").asString()).isEqualTo("qwen3:8b");
        assertThat(json.path("stream").asBoolean()).isTrue();
        assertThat(json.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(json.path("max_tokens").asInt()).isEqualTo(300);
        JsonNode messages = json.path("messages");
        assertThat(messages.size()).isEqualTo(4);
        assertThat(messages.get(0).path("role").asString()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asString()).isEqualTo("You are LLMos.\n\n# Skill: review");
        assertThat(messages.get(1).path("role").asString()).isEqualTo("user");
        assertThat(messages.get(1).path("content").asString()).isEqualTo("first");
        assertThat(messages.get(2).path("role").asString()).isEqualTo("assistant");
        assertThat(messages.get(3).path("content").asString()).isEqualTo("second");
        JsonNode tool = json.path("tools").get(0);
        assertThat(tool.path("type").asString()).isEqualTo("function");
        assertThat(tool.path("function").path("name").asString()).isEqualTo("load_skill");
        assertThat(tool.path("function").path("description").asString()).isEqualTo("Load a skill by name");
        assertThat(tool.path("function").path("parameters").path("properties").path("name").path("type").asString())
                .isEqualTo("string");
    }

    @Test
    void sendsNoAuthorizationWithoutAKey() {
        OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(null, fake.baseUrl() + "/", null, 0, null);

        LlmResponse response = provider.stream(ask("hi"), LlmListener.IGNORE);

        assertThat(response.text()).isNotBlank();
        assertThat(fake.lastRequest().header("authorization")).isNull();
        assertThat(fake.lastRequest().json().path("model").asString()).isEqualTo(OpenAiCompatibleProvider.DEFAULT_MODEL);
        assertThat(fake.lastRequest().json().has("tools")).isFalse();
    }

    @Test
    void reassemblesStreamedToolCallsAndSendsTheRoundTripBack() {
        OpenAiCompatibleProvider provider = provider(0);
        fake.enqueue(FakeReply.toolUse("call_a", "load_skill", "{\"name\": \"code-review\"}")
                .andToolUse("call_b", "load_skill", "{\"name\": \"style\", \"file\": \"refs/guide.md\"}")
                .withText("Loading two skills.").toolInputDeltas(5));
        LlmRequest first = new LlmRequest(null, List.of(), List.of(LlmMessage.user("review")), 256,
                List.of(loadSkill()), List.of(), null);

        LlmResponse asked = provider.stream(first, LlmListener.IGNORE);

        assertThat(asked.stopReason()).isEqualTo("tool_use");
        assertThat(asked.text()).isEqualTo("Loading two skills.");
        assertThat(asked.toolUses()).containsExactly(
                new LlmMessage.ToolUse("call_a", "load_skill", Map.of("name", "code-review")),
                new LlmMessage.ToolUse("call_b", "load_skill", Map.of("name", "style", "file", "refs/guide.md")));

        fake.enqueue(FakeReply.text("Done.").deltas(1));
        List<LlmMessage.Content> assistant = new ArrayList<>();
        assistant.add(new LlmMessage.Text(asked.text()));
        assistant.addAll(asked.toolUses());
        LlmRequest second = new LlmRequest(null, List.of(), List.of(LlmMessage.user("review"),
                new LlmMessage(LlmMessage.Role.ASSISTANT, assistant),
                new LlmMessage(LlmMessage.Role.USER, List.of(
                        new LlmMessage.ToolResult("call_a", "# code-review", false),
                        new LlmMessage.ToolResult("call_b", "no such file", true)))),
                256, List.of(loadSkill()), List.of(), null);

        assertThat(provider.stream(second, LlmListener.IGNORE).text()).isEqualTo("Done.");

        JsonNode messages = fake.lastRequest().json().path("messages");
        assertThat(messages.size()).isEqualTo(4);
        JsonNode call = messages.get(1).path("tool_calls").get(1);
        assertThat(messages.get(1).path("role").asString()).isEqualTo("assistant");
        assertThat(messages.get(1).path("content").asString()).isEqualTo("Loading two skills.");
        assertThat(call.path("id").asString()).isEqualTo("call_b");
        assertThat(call.path("type").asString()).isEqualTo("function");
        assertThat(call.path("function").path("name").asString()).isEqualTo("load_skill");
        assertThat(tools.jackson.databind.json.JsonMapper.shared().readTree(call.path("function").path("arguments").asString())
                .path("file").asString()).isEqualTo("refs/guide.md");
        assertThat(messages.get(2).path("role").asString()).isEqualTo("tool");
        assertThat(messages.get(2).path("tool_call_id").asString()).isEqualTo("call_a");
        assertThat(messages.get(2).path("content").asString()).isEqualTo("# code-review");
        assertThat(messages.get(3).path("tool_call_id").asString()).isEqualTo("call_b");
        assertThat(messages.get(3).path("content").asString()).startsWith("Error: ");
    }

    @Test
    void mapsFinishReasons() {
        fake.enqueue(FakeReply.text("cut short").stopReason("max_tokens"));

        assertThat(provider(0).stream(ask("hi"), LlmListener.IGNORE).stopReason()).isEqualTo("max_tokens");
        assertThat(OpenAiCompatibleProvider.stopReason("stop")).isEqualTo("end_turn");
        assertThat(OpenAiCompatibleProvider.stopReason("length")).isEqualTo("max_tokens");
        assertThat(OpenAiCompatibleProvider.stopReason("tool_calls")).isEqualTo("tool_use");
        assertThat(OpenAiCompatibleProvider.stopReason("content_filter")).isEqualTo("refusal");
        assertThat(OpenAiCompatibleProvider.stopReason("something_new")).isEqualTo("something_new");
    }

    @Test
    void toleratesCrlfMissingSpacesCommentsAndSplitChunks() {
        fake.enqueue(FakeReply.text("Tolerant parsing — ünïcödé ✓.").deltas(7).quirks(FakeReply.Quirk.CRLF,
                FakeReply.Quirk.NO_SPACE_AFTER_COLON, FakeReply.Quirk.COMMENTS, FakeReply.Quirk.SPLIT_WRITES)
                .usage(3, 7));
        List<String> deltas = new ArrayList<>();

        LlmResponse response = provider(0).stream(ask("hi"), deltas::add);

        assertThat(response.text()).isEqualTo("Tolerant parsing — ünïcödé ✓.");
        assertThat(deltas).hasSize(7);
        assertThat(response.usage()).isEqualTo(new Usage(3, 7, 0, 0));
    }

    @Test
    void retriesA503HonouringRetryAfter() {
        OpenAiCompatibleProvider provider = provider(2);
        fake.enqueue(FakeReply.error(503, "server_error", "loading model").retryAfter("0"),
                FakeReply.error(503, "server_error", "loading model").retryAfter("1"),
                FakeReply.text("Ready now."));

        LlmResponse response = provider.stream(ask("hi"), LlmListener.IGNORE);

        assertThat(response.text()).isEqualTo("Ready now.");
        List<RecordedRequest> sent = fake.requests();
        assertThat(sent).hasSize(3);
        // retry-after: 0 means at once (the default backoff would be 375-500 ms); 1 means a second.
        assertThat(sent.get(0).millisUntil(sent.get(1))).isLessThan(300);
        assertThat(sent.get(1).millisUntil(sent.get(2))).isBetween(990L, 2500L);
    }

    @Test
    void rateLimitedAfterRetriesAreExhausted() {
        fake.enqueue(FakeReply.rateLimited().retryAfter("0"), FakeReply.rateLimited().retryAfter("0"),
                FakeReply.rateLimited().retryAfter("0"));

        LlmException e = catchThrowableOfType(LlmException.class, () -> provider(2).stream(ask("hi"), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.RATE_LIMITED);
        assertThat(e.status()).isEqualTo(429);
        assertThat(fake.requestCount()).isEqualTo(3);
    }

    @Test
    void aLongRetryAfterIsNotWaitedFor() {
        fake.enqueue(FakeReply.error(529, "overloaded", "busy").retryAfter("3600"));

        long start = System.nanoTime();
        LlmException e = catchThrowableOfType(LlmException.class, () -> provider(2).stream(ask("hi"), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.OVERLOADED);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void clientErrorsAreRejectedWithTheServerMessage() {
        fake.enqueue(FakeReply.error(404, "invalid_request_error", "model 'llama9' not found, try pulling it first"));

        LlmException e = catchThrowableOfType(LlmException.class, () -> provider(2).stream(ask("hi"), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.REJECTED);
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).contains("model 'llama9' not found").doesNotContain(KEY);
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void serverErrorsAfterRetriesAreUpstreamErrors() {
        fake.enqueue(FakeReply.error(500, "server_error", "boom").retryAfter("0"),
                FakeReply.error(502, "bad_gateway", "bad gateway").retryAfter("0"));

        LlmException e = catchThrowableOfType(LlmException.class, () -> provider(1).stream(ask("hi"), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.UPSTREAM_ERROR);
        assertThat(e.status()).isEqualTo(502);
    }

    @Test
    void errorChunkMidStreamIsAnUpstreamError() {
        fake.enqueue(FakeReply.text("one two three").deltas(3).errorMidStream(1, "server_error", "GPU fell over"));
        List<String> deltas = new ArrayList<>();

        LlmException e = catchThrowableOfType(LlmException.class, () -> provider(2).stream(ask("hi"), deltas::add));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.UPSTREAM_ERROR);
        assertThat(e.getMessage()).contains("GPU fell over");
        assertThat(deltas).hasSize(1);
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void droppedConnectionOrMissingDoneIsAStreamCut() {
        fake.enqueue(FakeReply.text("one two three four").deltas(4).cutAfter(2),
                FakeReply.text("one two three four").deltas(4).truncateAfter(4));
        OpenAiCompatibleProvider provider = provider(2);

        LlmException cut = catchThrowableOfType(LlmException.class, () -> provider.stream(ask("a"), LlmListener.IGNORE));
        LlmException truncated = catchThrowableOfType(LlmException.class, () -> provider.stream(ask("b"), LlmListener.IGNORE));

        assertThat(cut.kind()).isEqualTo(LlmException.Kind.STREAM_CUT);
        assertThat(truncated.kind()).isEqualTo(LlmException.Kind.STREAM_CUT);
        assertThat(fake.requestCount()).isEqualTo(2);
    }

    @Test
    void connectionRefusedIsUnreachable() {
        int port = fake.port();
        fake.close();
        OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(KEY, "http://127.0.0.1:" + port + "/v1", null, 0,
                Duration.ofSeconds(2));

        LlmException e = catchThrowableOfType(LlmException.class, () -> provider.stream(ask("hi"), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).contains("127.0.0.1:" + port).contains("connection refused").doesNotContain(KEY).doesNotContain("Exception");
    }

    @Test
    void silentServerTimesOutAsUnreachable() {
        fake.enqueue(FakeReply.text("slow answer").deltas(2).delayPerDelta(Duration.ofSeconds(2)));
        OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(null, fake.baseUrl(), null, 0,
                Duration.ofMillis(300));

        long start = System.nanoTime();
        LlmException e = catchThrowableOfType(LlmException.class, () -> provider.stream(ask("hi"), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.UNREACHABLE);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500);
    }

    @Test
    void cancellingMidStreamStopsPromptlyAndClosesTheConnection() throws Exception {
        fake.enqueue(FakeReply.text("a fairly long answer that streams slowly, word by word, forever").deltas(40)
                .delayPerDelta(Duration.ofMillis(100)));
        Cancellation cancellation = new Cancellation();
        CountDownLatch firstDelta = new CountDownLatch(1);
        List<String> deltas = Collections.synchronizedList(new ArrayList<>());
        Thread canceller = new Thread(() -> {
            try {
                firstDelta.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            cancellation.cancel();
        });
        canceller.start();

        long start = System.nanoTime();
        LlmException e = catchThrowableOfType(LlmException.class, () -> provider(0).stream(ask("hi", cancellation), d -> {
            deltas.add(d);
            firstDelta.countDown();
        }));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(e.kind()).isEqualTo(LlmException.Kind.CANCELLED);
        assertThat(millis).isLessThan(2000);
        assertThat(deltas.size()).isLessThan(10);
        assertThat(fake.awaitClientDisconnect(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void cancellingDuringARetryPauseStopsAtOnce() {
        fake.enqueue(FakeReply.error(503, "server_error", "loading").retryAfter("30"));
        Cancellation cancellation = new Cancellation();
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            cancellation.cancel();
        });
        canceller.start();

        long start = System.nanoTime();
        LlmException e = catchThrowableOfType(LlmException.class,
                () -> provider(1).stream(ask("hi", cancellation), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.CANCELLED);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void listenerExceptionsPropagateUnchanged() {
        IllegalStateException boom = new IllegalStateException("client went away");

        Throwable thrown = catchThrowableOfType(IllegalStateException.class, () -> provider(0).stream(ask("hi"), d -> {
            throw boom;
        }));

        assertThat(thrown).isSameAs(boom);
    }

    @Test
    void parsesRetryAfterForms() {
        assertThat(OpenAiCompatibleProvider.retryAfter(headers(Map.of("retry-after", List.of("2")))))
                .contains(Duration.ofSeconds(2));
        assertThat(OpenAiCompatibleProvider.retryAfter(headers(Map.of("retry-after", List.of("0.25")))))
                .contains(Duration.ofMillis(250));
        assertThat(OpenAiCompatibleProvider.retryAfter(headers(Map.of("retry-after-ms", List.of("40")))))
                .contains(Duration.ofMillis(40));
        assertThat(OpenAiCompatibleProvider.retryAfter(headers(Map.of("retry-after", List.of("Wed, 21 Oct 2015 07:28:00 GMT")))))
                .contains(Duration.ZERO);
        assertThat(OpenAiCompatibleProvider.retryAfter(headers(Map.of()))).isEmpty();
        assertThat(OpenAiCompatibleProvider.backoff(0)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
        assertThat(OpenAiCompatibleProvider.backoff(20)).isLessThanOrEqualTo(Duration.ofSeconds(8));
    }

    static HttpHeaders headers(Map<String, List<String>> map) {
        return HttpHeaders.of(map, (a, b) -> true);
    }

    @Test
    void rejectsBadBaseUrls() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OpenAiCompatibleProvider(null, null, null, 0, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OpenAiCompatibleProvider(null, "localhost:11434", null, 0, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OpenAiCompatibleProvider(null, "ftp://x/v1", null, 0, null));
        assertThat(new OpenAiCompatibleProvider(KEY, "http://user:pw@localhost:11434/v1/", null, 0, null).toString())
                .contains("http://localhost:11434/v1").doesNotContain(KEY).doesNotContain("pw");
    }
}
