package dev.llmos.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

class AnthropicProviderTests {

    static final String KEY = "sk-ant-test-0123456789-secret";

    FakeAnthropicServer fake;
    final List<AnthropicProvider> providers = new ArrayList<>();

    @BeforeEach
    void start() {
        fake = FakeAnthropicServer.start();
    }

    @AfterEach
    void stop() {
        providers.forEach(AnthropicProvider::close);
        fake.close();
    }

    AnthropicProvider provider(int maxRetries) {
        return provider(maxRetries, Duration.ofSeconds(10));
    }

    AnthropicProvider provider(int maxRetries, Duration timeout) {
        AnthropicProvider p = new AnthropicProvider(KEY, fake.baseUrl(), "claude-test-model", maxRetries, timeout);
        providers.add(p);
        return p;
    }

    static LlmRequest ask(String text) {
        return ask(text, new Cancellation());
    }

    static LlmRequest ask(String text, Cancellation cancellation) {
        return new LlmRequest(null, List.of(new LlmRequest.SystemBlock("You are helpful.", false)),
                List.of(LlmMessage.user(text)), 512, List.of(), List.of(), cancellation);
    }

    static LlmTool loadSkill() {
        return new LlmTool("load_skill", "Load a skill by name",
                Map.of("type", "object",
                        "properties", Map.of("name", Map.of("type", "string", "description", "skill id")),
                        "required", List.of("name")));
    }

    @Test
    void streamsTextInOrderAndReportsUsageWithCacheTokens() {
        fake.enqueue(FakeReply.text("Hello, streaming world of skills!").deltas(5).usage(25, 7, 100, 200));
        List<String> deltas = new ArrayList<>();

        LlmResponse response = provider(0).stream(ask("hi"), deltas::add);

        assertThat(deltas).containsExactlyElementsOf(FakeReply.split("Hello, streaming world of skills!", 5));
        assertThat(String.join("", deltas)).isEqualTo(response.text()).isEqualTo("Hello, streaming world of skills!");
        assertThat(response.provider()).isEqualTo("anthropic");
        assertThat(response.model()).isEqualTo("claude-test-model");
        assertThat(response.stopReason()).isEqualTo("end_turn");
        assertThat(response.toolUses()).isEmpty();
        assertThat(response.usage()).isEqualTo(new Usage(25, 7, 100, 200));
    }

    @Test
    void sendsSystemBlocksWithCacheControlOnTheBreakpointOnly() {
        List<LlmRequest.SystemBlock> system = List.of(
                new LlmRequest.SystemBlock("You are LLMos.", false),
                new LlmRequest.SystemBlock("# Skill: code-review\nReview carefully.", true),
                new LlmRequest.SystemBlock("Today is Tuesday.", false));
        LlmRequest request = new LlmRequest("claude-opus-5-5", system, List.of(LlmMessage.user("Review this")), 1000,
                List.of(loadSkill()), List.of("code-review"), null);

        provider(0).stream(request, LlmListener.IGNORE);

        RecordedRequest sent = fake.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("authorization") + " " + sent.header("x-api-key")).contains(KEY);
        assertThat(sent.header("anthropic-version")).isNotBlank();
        JsonNode json = sent.json();
        assertThat(json.path("stream").asBoolean()).isTrue();
        assertThat(json.path("model").asString()).isEqualTo("claude-opus-5-5");
        assertThat(json.path("max_tokens").asInt()).isEqualTo(1000);
        JsonNode blocks = json.path("system");
        assertThat(blocks.size()).isEqualTo(3);
        assertThat(blocks.get(0).path("text").asString()).isEqualTo("You are LLMos.");
        assertThat(blocks.get(1).path("text").asString()).startsWith("# Skill: code-review");
        assertThat(blocks.get(2).path("text").asString()).isEqualTo("Today is Tuesday.");
        assertThat(blocks.get(0).has("cache_control")).isFalse();
        assertThat(blocks.get(1).path("cache_control").path("type").asString()).isEqualTo("ephemeral");
        assertThat(blocks.get(2).has("cache_control")).isFalse();
        JsonNode tool = json.path("tools").get(0);
        assertThat(tool.path("name").asString()).isEqualTo("load_skill");
        assertThat(tool.path("description").asString()).isEqualTo("Load a skill by name");
        assertThat(tool.path("input_schema").path("type").asString()).isEqualTo("object");
        assertThat(tool.path("input_schema").path("properties").path("name").path("type").asString()).isEqualTo("string");
        assertThat(tool.path("input_schema").path("required").get(0).asString()).isEqualTo("name");
        JsonNode message = json.path("messages").get(0);
        assertThat(message.path("role").asString()).isEqualTo("user");
        assertThat(message.path("content").get(0).path("text").asString()).isEqualTo("Review this");
    }

    @Test
    void usesTheConfiguredDefaultModelAndACurrentSdkModelOtherwise() {
        assertThat(AnthropicProvider.DEFAULT_MODEL).isEqualTo("claude-sonnet-5-5").doesNotContain("sonnet-4-5");
        AnthropicProvider unset = new AnthropicProvider(KEY, fake.baseUrl(), null, 0, null);
        providers.add(unset);
        assertThat(unset.defaultModel()).isEqualTo(AnthropicProvider.DEFAULT_MODEL);

        unset.stream(ask("hi"), LlmListener.IGNORE);

        assertThat(fake.lastRequest().json().path("model").asString()).isEqualTo("claude-sonnet-5-5");
        assertThat(provider(0).defaultModel()).isEqualTo("claude-test-model");
        assertThat(unset.toString()).doesNotContain(KEY);
    }

    @Test
    void toolUseRoundTrip() {
        AnthropicProvider provider = provider(0);
        fake.enqueue(FakeReply.toolUse("toolu_01ABC", "load_skill", "{\"name\": \"code-review\", \"file\": \"a.md\"}")
                .withText("Let me load that skill.").toolInputDeltas(4).usage(50, 20));
        LlmRequest first = new LlmRequest(null, List.of(), List.of(LlmMessage.user("review my code")), 512,
                List.of(loadSkill()), List.of(), null);
        List<String> deltas = new ArrayList<>();

        LlmResponse asked = provider.stream(first, deltas::add);

        assertThat(asked.stopReason()).isEqualTo("tool_use");
        assertThat(asked.text()).isEqualTo("Let me load that skill.").isEqualTo(String.join("", deltas));
        assertThat(asked.toolUses()).containsExactly(
                new LlmMessage.ToolUse("toolu_01ABC", "load_skill", Map.of("name", "code-review", "file", "a.md")));

        fake.enqueue(FakeReply.text("Here is my review.").deltas(2));
        List<LlmMessage.Content> assistant = new ArrayList<>();
        assistant.add(new LlmMessage.Text(asked.text()));
        assistant.addAll(asked.toolUses());
        LlmRequest second = new LlmRequest(null, List.of(), List.of(
                LlmMessage.user("review my code"),
                new LlmMessage(LlmMessage.Role.ASSISTANT, assistant),
                new LlmMessage(LlmMessage.Role.USER, List.of(
                        new LlmMessage.ToolResult("toolu_01ABC", "# code-review\nBe kind.", false),
                        new LlmMessage.ToolResult("toolu_02XYZ", "no such file", true)))),
                512, List.of(loadSkill()), List.of(), null);

        LlmResponse answered = provider.stream(second, LlmListener.IGNORE);

        assertThat(answered.text()).isEqualTo("Here is my review.");
        assertThat(answered.stopReason()).isEqualTo("end_turn");
        JsonNode messages = fake.lastRequest().json().path("messages");
        assertThat(messages.size()).isEqualTo(3);
        JsonNode assistantContent = messages.get(1).path("content");
        assertThat(messages.get(1).path("role").asString()).isEqualTo("assistant");
        assertThat(assistantContent.get(0).path("type").asString()).isEqualTo("text");
        assertThat(assistantContent.get(1).path("type").asString()).isEqualTo("tool_use");
        assertThat(assistantContent.get(1).path("id").asString()).isEqualTo("toolu_01ABC");
        assertThat(assistantContent.get(1).path("name").asString()).isEqualTo("load_skill");
        assertThat(assistantContent.get(1).path("input").path("name").asString()).isEqualTo("code-review");
        JsonNode results = messages.get(2).path("content");
        assertThat(messages.get(2).path("role").asString()).isEqualTo("user");
        assertThat(results.get(0).path("type").asString()).isEqualTo("tool_result");
        assertThat(results.get(0).path("tool_use_id").asString()).isEqualTo("toolu_01ABC");
        assertThat(results.get(0).path("content").asString()).isEqualTo("# code-review\nBe kind.");
        assertThat(results.get(0).path("is_error").asBoolean(false)).isFalse();
        assertThat(results.get(1).path("is_error").asBoolean()).isTrue();
    }

    @Test
    void retriesA529AndHonoursRetryAfter() {
        AnthropicProvider provider = provider(2);
        // Warm up the SDK's error path too, so the timing below is the backoff only.
        fake.enqueue(FakeReply.overloaded().retryAfter("0.01"));
        provider.stream(ask("warm up"), LlmListener.IGNORE);
        fake.reset();
        // SDK 3.14 honours retry-after when > 0 (0 falls back to its own backoff), in decimal seconds too.
        fake.enqueue(FakeReply.overloaded().retryAfter("0.05"), FakeReply.text("Recovered.").deltas(2));

        LlmResponse response = provider.stream(ask("hi"), LlmListener.IGNORE);

        assertThat(response.text()).isEqualTo("Recovered.");
        assertThat(fake.requestCount()).isEqualTo(2);
        assertThat(fake.requests().get(0).header("x-stainless-retry-count")).isEqualTo("0");
        assertThat(fake.requests().get(1).header("x-stainless-retry-count")).isEqualTo("1");

        fake.enqueue(FakeReply.overloaded().retryAfter("1"), FakeReply.text("Recovered again."));
        provider.stream(ask("hi"), LlmListener.IGNORE);

        List<RecordedRequest> sent = fake.requests();
        // Without retry-after the SDK would back off 375-500 ms before its first retry.
        assertThat(sent.get(0).millisUntil(sent.get(1))).isLessThan(340);
        assertThat(sent.get(2).millisUntil(sent.get(3))).isBetween(990L, 2500L);
        assertThat(fake.requestCount()).isEqualTo(4);
    }

    @Test
    void rateLimitedAfterRetriesAreExhausted() {
        fake.enqueue(FakeReply.rateLimited().retryAfter("0.01"), FakeReply.rateLimited().retryAfter("0.01"));

        LlmException e = catchThrowableOfType(LlmException.class, () -> provider(1).stream(ask("hi"), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.RATE_LIMITED);
        assertThat(e.status()).isEqualTo(429);
        assertThat(fake.requestCount()).isEqualTo(2);
    }

    @Test
    void overloadedAndServerErrorsMapToTheirKinds() {
        fake.enqueue(FakeReply.overloaded(), FakeReply.error(500, "api_error", "Internal server error"),
                FakeReply.error(503, "overloaded_error", "Overloaded"));
        AnthropicProvider provider = provider(0);

        LlmException overloaded = catchThrowableOfType(LlmException.class, () -> provider.stream(ask("a"), LlmListener.IGNORE));
        LlmException internal = catchThrowableOfType(LlmException.class, () -> provider.stream(ask("b"), LlmListener.IGNORE));
        LlmException typed = catchThrowableOfType(LlmException.class, () -> provider.stream(ask("c"), LlmListener.IGNORE));

        assertThat(overloaded.kind()).isEqualTo(LlmException.Kind.OVERLOADED);
        assertThat(overloaded.status()).isEqualTo(529);
        assertThat(internal.kind()).isEqualTo(LlmException.Kind.UPSTREAM_ERROR);
        assertThat(internal.status()).isEqualTo(500);
        assertThat(internal.getMessage()).contains("Internal server error");
        assertThat(typed.kind()).isEqualTo(LlmException.Kind.OVERLOADED);
    }

    @Test
    void badRequestIsRejectedWithTheUpstreamMessageAndNotRetried() {
        fake.enqueue(FakeReply.error(400, "invalid_request_error", "max_tokens: 999999 > 128000, the maximum"));

        LlmException e = catchThrowableOfType(LlmException.class, () -> provider(2).stream(ask("hi"), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.REJECTED);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("max_tokens: 999999 > 128000").contains("invalid_request_error")
                .doesNotContain(KEY);
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void wrongKeyIsRejectedWithoutRevealingIt() {
        fake.requireApiKey("sk-ant-the-right-one");

        LlmException e = catchThrowableOfType(LlmException.class, () -> provider(2).stream(ask("hi"), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.REJECTED);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).contains("authentication_error").doesNotContain(KEY);
        assertThat(String.valueOf(e.getCause())).doesNotContain(KEY);
    }

    @Test
    void errorEventMidStreamIsAnUpstreamError() {
        fake.enqueue(FakeReply.text("one two three four").deltas(4).errorMidStream(2, "api_error", "Internal server error"),
                FakeReply.text("one two three four").deltas(4).errorMidStream(1, "overloaded_error", "Overloaded"));
        List<String> deltas = new ArrayList<>();
        AnthropicProvider provider = provider(2);

        LlmException e = catchThrowableOfType(LlmException.class, () -> provider.stream(ask("hi"), deltas::add));
        LlmException overloaded = catchThrowableOfType(LlmException.class, () -> provider.stream(ask("hi"), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.UPSTREAM_ERROR);
        assertThat(e.getMessage()).contains("api_error").contains("Internal server error");
        assertThat(deltas).hasSize(2);
        assertThat(overloaded.kind()).isEqualTo(LlmException.Kind.OVERLOADED);
        assertThat(fake.requestCount()).isEqualTo(2);
    }

    @Test
    void droppedConnectionOrMissingMessageStopIsAStreamCut() {
        fake.enqueue(FakeReply.text("one two three four").deltas(4).cutAfter(2),
                FakeReply.text("one two three four").deltas(4).truncateAfter(3));
        AnthropicProvider provider = provider(2);

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
        AnthropicProvider provider = new AnthropicProvider(KEY, "http://127.0.0.1:" + port, null, 0, Duration.ofSeconds(2));
        providers.add(provider);

        LlmException e = catchThrowableOfType(LlmException.class, () -> provider.stream(ask("hi"), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).contains("127.0.0.1:" + port).contains("connection refused").doesNotContain(KEY).doesNotContain("Exception");
    }

    @Test
    void silentServerTimesOutAsUnreachable() {
        fake.enqueue(FakeReply.text("slow answer").deltas(2).delayPerDelta(Duration.ofSeconds(2)));

        LlmException e = catchThrowableOfType(LlmException.class,
                () -> provider(0, Duration.ofMillis(300)).stream(ask("hi"), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).contains("did not answer within 300 ms");
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
        fake.enqueue(FakeReply.overloaded().retryAfter("30"));
        Cancellation cancellation = new Cancellation();
        Thread canceller = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (fake.requestCount() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            try {
                Thread.sleep(100);
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
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void alreadyCancelledRequestIsNotSent() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        LlmException e = catchThrowableOfType(LlmException.class,
                () -> provider(0).stream(ask("hi", cancellation), LlmListener.IGNORE));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.CANCELLED);
        assertThat(fake.requestCount()).isZero();
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
    void toleratesSseFramingVariants() {
        fake.enqueue(FakeReply.text("Quirky but fine.").deltas(3).quirks(FakeReply.Quirk.CRLF,
                FakeReply.Quirk.NO_SPACE_AFTER_COLON, FakeReply.Quirk.COMMENTS, FakeReply.Quirk.SPLIT_WRITES));

        LlmResponse response = provider(0).stream(ask("hi"), LlmListener.IGNORE);

        assertThat(response.text()).isEqualTo("Quirky but fine.");
        assertThat(response.stopReason()).isEqualTo("end_turn");
    }

    @Test
    void blankSystemBlocksAreDroppedAndTheirBreakpointMovesBack() {
        List<LlmRequest.SystemBlock> system = List.of(new LlmRequest.SystemBlock("stable", false),
                new LlmRequest.SystemBlock("  ", true), new LlmRequest.SystemBlock("varying", false));

        assertThat(AnthropicProvider.systemBlocks(system)).satisfiesExactly(
                first -> assertThat(first.cacheControl()).isPresent(),
                second -> assertThat(second.cacheControl()).isEmpty());
    }

    @Test
    void rejectsAMissingKey() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new AnthropicProvider(" ", null, null, 0, null));
    }
}
