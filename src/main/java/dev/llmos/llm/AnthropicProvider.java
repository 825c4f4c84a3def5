package dev.llmos.llm;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.models.ModelListParams;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.Sleeper;
import com.anthropic.core.Timeout;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.SseException;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.Model;
import com.anthropic.models.messages.RawContentBlockDelta;
import com.anthropic.models.messages.RawContentBlockStartEvent;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.ToolUseBlockParam;

/**
 * Anthropic Claude through the official SDK ({@code com.anthropic:anthropic-java}), streaming.
 *
 * <ul>
 *   <li>System prompt: one text block per {@link LlmRequest.SystemBlock}; blocks marked
 *       {@code cacheBreakpoint} get {@code cache_control: {type: ephemeral}} (prompt caching of the
 *       stable prefix).</li>
 *   <li>Retries: the SDK's own (exponential backoff, honours {@code retry-after}) on 408/409/429/5xx
 *       and connection failures, {@code maxRetries} times, before the stream starts. Cancelling the
 *       request also cuts a backoff pause short.</li>
 *   <li>Timeout: {@code timeout} bounds connecting and every wait for data (an idle stream), not the
 *       length of a whole answer; use {@link Cancellation} to stop a long answer.</li>
 *   <li>Errors become {@link LlmException}s; the API key never appears in their messages.</li>
 *   <li>Transport: the JDK HTTP client ({@link JdkHttpTransport}) under the SDK, not OkHttp.</li>
 * </ul>
 */
public final class AnthropicProvider implements LlmProvider, AutoCloseable {

    /**
     * The model used when neither the settings nor the request name one: the SDK's
     * {@code claude-sonnet-5-5} constant (not a sonnet-4-5 model: those reach end of life on 2026-11-30).
     */
    public static final String DEFAULT_MODEL = Model.CLAUDE_SONNET_5_5.asString();

    /** {@code max_tokens} sent when the request leaves it at 0. */
    static final int DEFAULT_MAX_TOKENS = 8192;

    static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

    private final AnthropicClient client;
    private final String apiKey;
    private final String baseUrl;
    private final String defaultModel;
    private final String timeoutText;

    /**
     * @param apiKey       the API key (required; sent as the SDK sends it)
     * @param baseUrl      API base URL without {@code /v1}, or null/blank for the SDK default
     * @param defaultModel model for requests that name none; null/blank for {@link #DEFAULT_MODEL}
     * @param maxRetries   retries on 429/5xx/connection failures, before any byte was streamed
     * @param timeout      connect and idle-read timeout; null for 120 s
     */
    public AnthropicProvider(String apiKey, String baseUrl, String defaultModel, int maxRetries, Duration timeout) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("an Anthropic API key is required");
        }
        LlmSettings.requireValidRetries(maxRetries);
        Duration t = LlmSettings.timeoutOrDefault(timeout);
        this.apiKey = apiKey.strip();
        this.baseUrl = blank(baseUrl) ? DEFAULT_BASE_URL : stripSlash(baseUrl.strip());
        this.defaultModel = blank(defaultModel) ? DEFAULT_MODEL : defaultModel.strip();
        this.timeoutText = t.toMillis() % 1000 == 0 ? t.toSeconds() + " s" : t.toMillis() + " ms";
        Duration connect = t.compareTo(Duration.ofSeconds(30)) < 0 ? t : Duration.ofSeconds(30);
        AnthropicOkHttpClient.Builder builder = AnthropicOkHttpClient.builder()
                .apiKey(this.apiKey)
                .maxRetries(maxRetries)
                // request(ZERO): no cap on a whole streamed answer; connect/read bound the waits.
                .timeout(Timeout.builder().connect(connect).read(t).write(t).request(Duration.ZERO).build())
                .sleeper(new CancellableSleeper());
        if (!blank(baseUrl)) {
            builder.baseUrl(this.baseUrl);
        }
        // The SDK's own client, on the JDK transport (TCP_NODELAY; see JdkHttpTransport). The
        // OkHttp client the builder makes is never used, so it never opens a connection or thread.
        this.client = builder.build().withOptions(options -> options.httpClient(new JdkHttpTransport(this.baseUrl, connect, t)));
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String defaultModel() {
        return defaultModel;
    }

    @Override
    public boolean isConfigured() {
        return true;
    }

    @Override
    public boolean supportsTools() {
        return true;
    }

    @Override
    public LlmResponse stream(LlmRequest request, LlmListener listener) {
        String model = blank(request.model()) ? defaultModel : request.model().strip();
        MessageCreateParams params = params(request, model);
        Cancellation cancellation = request.cancellation();
        if (cancellation.isCancelled()) {
            throw cancelled();
        }

        StreamResponse<RawMessageStreamEvent> stream;
        CancellableSleeper.CURRENT.set(cancellation);
        try {
            stream = client.messages().createStreaming(params);
        } catch (LlmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw cancellation.isCancelled() ? cancelled() : failure(e, false);
        } finally {
            CancellableSleeper.CURRENT.remove();
        }

        // Closing the stream from the cancelling thread aborts the HTTP call; the loop below then ends.
        cancellation.onCancel(stream::close);
        Answer answer = new Answer(model);
        try (stream) {
            Iterator<RawMessageStreamEvent> events = stream.stream().iterator();
            while (!cancellation.isCancelled() && events.hasNext()) {
                String text = answer.accept(events.next());
                if (text != null && !text.isEmpty()) {
                    try {
                        listener.onText(text);
                    } catch (RuntimeException e) {
                        throw new ListenerFailure(e);
                    }
                }
            }
        } catch (ListenerFailure e) {
            throw (RuntimeException) e.getCause();
        } catch (RuntimeException e) {
            throw cancellation.isCancelled() ? cancelled() : failure(e, true);
        }
        if (cancellation.isCancelled()) {
            throw cancelled();
        }
        if (!answer.stopped) {
            throw new LlmException(LlmException.Kind.STREAM_CUT, 0,
                    "the Anthropic stream ended before message_stop (answer incomplete)", null);
        }
        return answer.response();
    }

    /** {@code GET /v1/models} through the SDK: the first 100, newest first as Anthropic lists them. */
    @Override
    public List<ModelOption> models() {
        try {
            return client.models().list(ModelListParams.builder().limit(100L).build()).data().stream()
                    .map(m -> new ModelOption(m.id(), m.displayName())).toList();
        } catch (RuntimeException e) {
            throw failure(e, false);
        }
    }

    /** Releases the HTTP client's connections and threads. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "AnthropicProvider[baseUrl=" + baseUrl + ", defaultModel=" + defaultModel + ", apiKey=***]";
    }

    // ---- request mapping

    static MessageCreateParams params(LlmRequest request, String model) {
        MessageCreateParams.Builder builder = MessageCreateParams.builder()
                .model(model)
                .maxTokens(request.maxTokens() > 0 ? request.maxTokens() : DEFAULT_MAX_TOKENS);
        List<TextBlockParam> system = systemBlocks(request.system());
        if (!system.isEmpty()) {
            builder.systemOfTextBlockParams(system);
        }
        for (LlmMessage message : request.messages()) {
            List<ContentBlockParam> blocks = contentBlocks(message);
            builder.addMessage(message.role() == LlmMessage.Role.ASSISTANT
                    ? MessageParam.ofAssistantOfContentBlockParams(blocks)
                    : MessageParam.ofUserOfContentBlockParams(blocks));
        }
        for (LlmTool tool : request.tools()) {
            Tool.Builder t = Tool.builder().name(tool.name()).inputSchema(inputSchema(tool.inputSchema()));
            if (tool.description() != null && !tool.description().isBlank()) {
                t.description(tool.description());
            }
            builder.addTool(t.build());
        }
        return builder.build();
    }

    /**
     * One text block per system block. The API rejects blank blocks, so they are dropped; a
     * breakpoint on a dropped block moves to the block before it.
     */
    static List<TextBlockParam> systemBlocks(List<LlmRequest.SystemBlock> blocks) {
        List<String> texts = new ArrayList<>();
        List<Boolean> breakpoints = new ArrayList<>();
        for (LlmRequest.SystemBlock block : blocks) {
            String text = block.text() == null ? "" : block.text();
            if (text.isBlank()) {
                if (block.cacheBreakpoint() && !breakpoints.isEmpty()) {
                    breakpoints.set(breakpoints.size() - 1, true);
                }
                continue;
            }
            texts.add(text);
            breakpoints.add(block.cacheBreakpoint());
        }
        List<TextBlockParam> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            TextBlockParam.Builder b = TextBlockParam.builder().text(texts.get(i));
            if (breakpoints.get(i)) {
                b.cacheControl(CacheControlEphemeral.builder().build());
            }
            out.add(b.build());
        }
        return out;
    }

    private static List<ContentBlockParam> contentBlocks(LlmMessage message) {
        List<ContentBlockParam> blocks = new ArrayList<>();
        for (LlmMessage.Content content : message.content()) {
            if (content instanceof LlmMessage.Text text) {
                if (text.text() != null && !text.text().isBlank()) {
                    blocks.add(ContentBlockParam.ofText(TextBlockParam.builder().text(text.text()).build()));
                }
            } else if (content instanceof LlmMessage.ToolUse use) {
                blocks.add(ContentBlockParam.ofToolUse(ToolUseBlockParam.builder()
                        .id(use.id())
                        .name(use.name())
                        .input(ToolUseBlockParam.Input.builder().additionalProperties(jsonValues(use.input())).build())
                        .build()));
            } else if (content instanceof LlmMessage.ToolResult result) {
                ToolResultBlockParam.Builder b = ToolResultBlockParam.builder()
                        .toolUseId(result.toolUseId())
                        .content(result.content() == null ? "" : result.content());
                if (result.isError()) {
                    b.isError(true);
                }
                blocks.add(ContentBlockParam.ofToolResult(b.build()));
            }
        }
        if (blocks.isEmpty()) {
            // The API rejects empty and blank-only content.
            blocks.add(ContentBlockParam.ofText(TextBlockParam.builder().text("(no content)").build()));
        }
        return blocks;
    }

    private static Map<String, JsonValue> jsonValues(Map<String, Object> map) {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> out.put(k, JsonValue.from(v)));
        }
        return out;
    }

    /** The tool's JSON Schema as given (type, properties, required and any other keyword). */
    static Tool.InputSchema inputSchema(Map<String, Object> schema) {
        Map<String, Object> s = schema == null || schema.isEmpty() ? Map.of("type", "object") : schema;
        return JsonValue.from(s).convert(Tool.InputSchema.class);
    }

    // ---- response

    /** Folds the raw stream events into the answer. */
    private static final class Answer {

        private String model;
        private final StringBuilder text = new StringBuilder();
        private final Map<Long, PendingTool> pending = new LinkedHashMap<>();
        private final List<LlmMessage.ToolUse> toolUses = new ArrayList<>();
        private long inputTokens;
        private long outputTokens;
        private long cacheCreation;
        private long cacheRead;
        private String stopReason;
        private boolean stopped;

        Answer(String model) {
            this.model = model;
        }

        /** Returns text to pass on to the listener, if the event carried some. */
        String accept(RawMessageStreamEvent event) {
            if (event.isMessageStart()) {
                Message message = event.asMessageStart().message();
                model = message.model().asString();
                com.anthropic.models.messages.Usage usage = message.usage();
                inputTokens = usage.inputTokens();
                outputTokens = usage.outputTokens();
                cacheCreation = usage.cacheCreationInputTokens().orElse(0L);
                cacheRead = usage.cacheReadInputTokens().orElse(0L);
            } else if (event.isContentBlockStart()) {
                RawContentBlockStartEvent start = event.asContentBlockStart();
                RawContentBlockStartEvent.ContentBlock block = start.contentBlock();
                if (block.isToolUse()) {
                    ToolUseBlock use = block.asToolUse();
                    pending.put(start.index(), new PendingTool(use.id(), use.name(), use._input()));
                } else if (block.isText()) {
                    return append(block.asText().text());
                }
            } else if (event.isContentBlockDelta()) {
                long index = event.asContentBlockDelta().index();
                RawContentBlockDelta delta = event.asContentBlockDelta().delta();
                if (delta.isText()) {
                    return append(delta.asText().text());
                }
                if (delta.isInputJson()) {
                    PendingTool tool = pending.get(index);
                    if (tool != null) {
                        tool.json.append(delta.asInputJson().partialJson());
                    }
                }
            } else if (event.isContentBlockStop()) {
                PendingTool tool = pending.remove(event.asContentBlockStop().index());
                if (tool != null) {
                    toolUses.add(tool.finish());
                }
            } else if (event.isMessageDelta()) {
                event.asMessageDelta().delta().stopReason().ifPresent(r -> stopReason = r.asString());
                MessageDeltaUsage usage = event.asMessageDelta().usage();
                // message_delta usage is cumulative: it replaces what message_start said.
                outputTokens = usage.outputTokens();
                usage.inputTokens().ifPresent(v -> inputTokens = v);
                usage.cacheCreationInputTokens().ifPresent(v -> cacheCreation = v);
                usage.cacheReadInputTokens().ifPresent(v -> cacheRead = v);
            } else if (event.isMessageStop()) {
                stopped = true;
            }
            return null;
        }

        private String append(String delta) {
            if (delta != null) {
                text.append(delta);
            }
            return delta;
        }

        LlmResponse response() {
            for (PendingTool tool : pending.values()) {
                toolUses.add(tool.finish());
            }
            pending.clear();
            return new LlmResponse("anthropic", model, text.toString(), toolUses, stopReason,
                    new Usage(inputTokens, outputTokens, cacheCreation, cacheRead));
        }
    }

    private static final class PendingTool {
        final String id;
        final String name;
        final JsonValue initialInput;
        final StringBuilder json = new StringBuilder();

        PendingTool(String id, String name, JsonValue initialInput) {
            this.id = id;
            this.name = name;
            this.initialInput = initialInput;
        }

        @SuppressWarnings("unchecked")
        LlmMessage.ToolUse finish() {
            Map<String, Object> input;
            if (json.length() > 0) {
                input = LlmJson.toolInput(json.toString());
            } else {
                // A tool_use block without "input" gives JsonMissing, whose convert throws an
                // IllegalArgumentException that escaped the chat (found by UpstreamStreamFuzzing).
                Object initial = initialInput == null || initialInput.isMissing() ? null : initialInput.convert(Object.class);
                input = initial instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
            }
            return new LlmMessage.ToolUse(id, name, input);
        }
    }

    // ---- errors

    private static LlmException cancelled() {
        return new LlmException(LlmException.Kind.CANCELLED, 0, "the request was cancelled", null);
    }

    private LlmException failure(RuntimeException e, boolean streaming) {
        if (e instanceof SseException sse) {
            String type = sse.errorType().map(t -> t.asString()).orElse("error");
            String message = "the Anthropic API reported an error mid-stream (" + type + "): "
                    + sse.apiMessage().orElse("no message");
            LlmException.Kind kind = "overloaded_error".equals(type) ? LlmException.Kind.OVERLOADED
                    : LlmException.Kind.UPSTREAM_ERROR;
            return new LlmException(kind, 0, LlmJson.scrub(message, apiKey), null);
        }
        if (e instanceof AnthropicServiceException http) {
            int status = http.statusCode();
            String type = http.errorType().map(t -> t.asString()).orElse("");
            String detail = http.apiMessage().orElseGet(() -> http.body() == null ? "" : http.body().toString());
            String message = "the Anthropic API answered " + status + (type.isEmpty() ? "" : " " + type) + ": " + detail;
            LlmException.Kind kind;
            if (status == 429) {
                kind = LlmException.Kind.RATE_LIMITED;
            } else if (status == 529 || "overloaded_error".equals(type)) {
                kind = LlmException.Kind.OVERLOADED;
            } else if (status >= 500) {
                kind = LlmException.Kind.UPSTREAM_ERROR;
            } else {
                kind = LlmException.Kind.REJECTED;
            }
            return new LlmException(kind, status, LlmJson.scrub(message, apiKey), null);
        }
        if (e instanceof AnthropicInvalidDataException) {
            return new LlmException(LlmException.Kind.UPSTREAM_ERROR, 0,
                    "the Anthropic API sent data that could not be read", null);
        }
        if (e instanceof AnthropicIoException || e instanceof java.io.UncheckedIOException) {
            String cause = NetworkFailure.describe(e);
            if (timedOut(e)) {
                return new LlmException(LlmException.Kind.UNREACHABLE, 0,
                        LlmJson.scrub("the Anthropic API at " + baseUrl + " did not answer within " + timeoutText, apiKey), null);
            }
            if (streaming) {
                return new LlmException(LlmException.Kind.STREAM_CUT, 0,
                        LlmJson.scrub("the Anthropic stream broke off: " + cause, apiKey), null);
            }
            return new LlmException(LlmException.Kind.UNREACHABLE, 0,
                    LlmJson.scrub("cannot reach the Anthropic API at " + baseUrl + ": " + cause, apiKey), null);
        }
        return new LlmException(LlmException.Kind.UPSTREAM_ERROR, 0,
                LlmJson.scrub("the Anthropic call failed: " + NetworkFailure.describe(e), apiKey),
                null);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Wraps an exception thrown by the caller's listener so it is not taken for a stream failure. */
    private static final class ListenerFailure extends RuntimeException {
        ListenerFailure(RuntimeException cause) {
            super(cause);
        }
    }

    /**
     * The SDK's backoff pause between retries, cut short when the current thread's request is
     * cancelled (the SDK sleeps on the calling thread for synchronous calls).
     */
    static final class CancellableSleeper implements Sleeper {

        static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

        @Override
        public void sleep(Duration duration) {
            Cancellation cancellation = CURRENT.get();
            CountDownLatch woken = new CountDownLatch(1);
            if (cancellation != null) {
                cancellation.onCancel(woken::countDown);
            }
            try {
                if (woken.await(duration.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw cancelled();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw cancelled();
            }
        }

        @Override
        public CompletableFuture<Void> sleepAsync(Duration duration) {
            return CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(duration.toNanos(), TimeUnit.NANOSECONDS));
        }

        @Override
        public void close() {
        }
    }
}
