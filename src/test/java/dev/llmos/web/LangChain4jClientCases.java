package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.llmos.access.Accounts;
import dev.llmos.access.Scope;
import dev.llmos.llm.FakeAnthropicServer;
import dev.llmos.llm.FakeLlmServer;
import dev.llmos.llm.FakeOpenAiServer;
import dev.llmos.llm.FakeReply;
import dev.llmos.llm.RecordedRequest;
import tools.jackson.databind.JsonNode;

/**
 * LangChain4j (from Maven Central) as a client of the real server in token mode: its OpenAI chat model
 * pointed at {@code /v1}, its Anthropic chat model pointed at LLMos, each plain, streaming and through a
 * tool call round trip. Whichever fake upstream answers a wire ({@link #upstreamOf}) must have received the
 * caller's skills and the tool result, and each exchange is a trace. A subclass picks the server's
 * upstreams: with both configured each wire reaches its own protocol ({@link LangChain4jClientTests}); with
 * Anthropic only, the same cases check the translation from the OpenAI wire ({@link LangChain4jOnClaudeTests}).
 */
abstract class LangChain4jClientCases {

    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();
    static final FakeOpenAiServer OPENAI = FakeOpenAiServer.start();
    static final String ANTHROPIC_MODEL = "claude-sonnet-4-6";
    static final String OPENAI_MODEL = "llama3.2";
    static final String CANARY = "CANARY-LC4J-7";

    /** The protocol a LangChain4j chat model speaks to LLMos, and the trace source LLMos records for it. */
    enum Wire {
        OPENAI("openai-chat"), ANTHROPIC("anthropic-messages");

        final String source;

        Wire(String source) {
            this.source = source;
        }
    }

    @LocalServerPort
    int port;
    String token;

    /** The fake that answers a model speaking {@code wire} through LLMos (its own protocol's, or the other's). */
    abstract FakeLlmServer upstreamOf(Wire wire);

    /** The model a LangChain4j model speaking {@code wire} asks LLMos for. */
    String modelFor(Wire wire) {
        return wire == Wire.OPENAI ? OPENAI_MODEL : ANTHROPIC_MODEL;
    }

    /** The accounts of the subclass's server, where these cases add their user. */
    abstract Accounts accounts();

    @BeforeEach
    void userWithASkill() {
        ANTHROPIC.reset();
        OPENAI.reset();
        Accounts accounts = accounts();
        if (accounts.user("lc4j").isEmpty()) {
            accounts.addUser("lc4j", false);
        }
        token = accounts.createToken("lc4j", Scope.WRITE, "langchain4j").secret();
        var created = new Http(port).bearer(token).post("/skills", "{\"skill_id\":\"fib-canary\",\"name\":\"Fibonacci canary\","
                + "\"description\":\"Use when writing Fibonacci functions in Python\",\"content\":\"Always memoize. " + CANARY + "\","
                + "\"keywords\":[\"fibonacci\",\"python\"]}");
        assertThat(created.status()).as(created.body()).isIn(201, 409);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void plainChatReachesTheModelWithTheSkillsAndIsTraced(Wire wire) {
        upstreamOf(wire).enqueue(FakeReply.text("Memoize it.").usage(12, 3));
        String words = "Write a Python function to calculate Fibonacci numbers, plainly over " + wire;
        ChatResponse reply = model(wire).chat(ChatRequest.builder()
                .messages(SystemMessage.from("You are terse."), UserMessage.from(words)).build());

        assertThat(reply.aiMessage().text()).isEqualTo("Memoize it.");
        assertThat(reply.tokenUsage().inputTokenCount()).isEqualTo(12);
        assertThat(reply.tokenUsage().outputTokenCount()).isEqualTo(3);
        RecordedRequest sent = upstreamOf(wire).lastRequest();
        assertThat(sent.body()).as("the skills reached the upstream").contains(CANARY).contains("You are terse.");
        assertThat(sent.body()).doesNotContain(token);
        JsonNode trace = traced(words, 0);
        assertThat(trace.path("source").asString()).isEqualTo(wire.source);
        assertThat(trace.path("response").asString()).isEqualTo("Memoize it.");
        assertThat(trace.path("usage").path("input_tokens").asLong()).isEqualTo(12);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void streamingArrivesInPartsAndIsTraced(Wire wire) throws Exception {
        upstreamOf(wire).enqueue(FakeReply.text("Streaming the Fibonacci answer.").deltas(3).usage(20, 5));
        String words = "Write a Python function to calculate Fibonacci numbers, streamed over " + wire;
        List<String> parts = new ArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streamingModel(wire).chat(ChatRequest.builder().messages(UserMessage.from(words)).build(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String part) {
                parts.add(part);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse reply = done.get(30, TimeUnit.SECONDS);

        assertThat(reply.aiMessage().text()).isEqualTo("Streaming the Fibonacci answer.");
        assertThat(parts).as("the answer came in parts").hasSizeGreaterThan(1);
        assertThat(String.join("", parts)).isEqualTo("Streaming the Fibonacci answer.");
        assertThat(upstreamOf(wire).lastRequest().json().path("stream").asBoolean()).isTrue();
        assertThat(upstreamOf(wire).lastRequest().body()).contains(CANARY);
        assertThat(traced(words, 0).path("response").asString()).isEqualTo("Streaming the Fibonacci answer.");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aToolCallRoundTripsAsOneTurn(Wire wire) {
        FakeLlmServer upstream = upstreamOf(wire);
        upstream.enqueue(FakeReply.toolUse("call_weather_1", "get_weather", "{\"city\":\"Paris\"}"),
                FakeReply.text("It is sunny in Paris."));
        ToolSpecification weather = ToolSpecification.builder().name("get_weather").description("The weather in a city")
                .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
        String words = "Write a Python function that prints the Fibonacci numbers and the weather in Paris, over " + wire;
        UserMessage ask = UserMessage.from(words);
        ChatModel model = model(wire);

        ChatResponse first = model.chat(ChatRequest.builder().messages(ask).toolSpecifications(weather).build());
        assertThat(first.aiMessage().hasToolExecutionRequests()).as(first.toString()).isTrue();
        ToolExecutionRequest call = first.aiMessage().toolExecutionRequests().get(0);
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).contains("Paris");

        List<ChatMessage> loop = List.of(ask, first.aiMessage(), ToolExecutionResultMessage.from(call, "22 degrees and sunny"));
        ChatResponse second = model.chat(ChatRequest.builder().messages(loop).toolSpecifications(weather).build());
        assertThat(second.aiMessage().text()).isEqualTo("It is sunny in Paris.");

        List<RecordedRequest> calls = upstream.requests();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).body()).contains("get_weather").contains(CANARY);
        assertThat(calls.get(1).body()).as("the tool result reached the upstream").contains("22 degrees and sunny")
                .contains(call.id()).contains(CANARY);
        JsonNode turn = traced(words, 1);
        assertThat(turn.path("trace").path("response").asString()).as("the turn's first call").contains("get_weather");
        assertThat(turn.path("steps").get(0).path("response").asString()).as("its step").isEqualTo("It is sunny in Paris.");
    }

    private ChatModel model(Wire wire) {
        return switch (wire) {
            case OPENAI -> OpenAiChatModel.builder().baseUrl(base() + "/v1").apiKey(token).modelName(modelFor(wire))
                    .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
            case ANTHROPIC -> AnthropicChatModel.builder().baseUrl(base() + "/v1/").apiKey(token).modelName(modelFor(wire))
                    .maxTokens(256).maxRetries(0).timeout(Duration.ofSeconds(30)).build();
        };
    }

    private StreamingChatModel streamingModel(Wire wire) {
        return switch (wire) {
            case OPENAI -> OpenAiStreamingChatModel.builder().baseUrl(base() + "/v1").apiKey(token).modelName(modelFor(wire))
                    .timeout(Duration.ofSeconds(30)).build();
            case ANTHROPIC -> AnthropicStreamingChatModel.builder().baseUrl(base() + "/v1/").apiKey(token)
                    .modelName(modelFor(wire)).maxTokens(256).timeout(Duration.ofSeconds(30)).build();
        };
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * The listed trace of the turn whose person's words were {@code words}, with its skills, once written;
     * with {@code steps} 0 the trace itself, else the listing entry (trace and steps).
     */
    private JsonNode traced(String words, int steps) {
        JsonNode turn = AgentTrafficIntegrationTests.awaitTurn(new Http(port).bearer(token), "lc4j", words, steps);
        assertThat(turn.path("trace").path("skills").toString()).contains("fib-canary");
        return steps == 0 ? turn.path("trace") : turn;
    }
}
