package dev.llmos.llm;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any OpenAI-compatible Chat Completions server (Ollama, vLLM, llama.cpp, LM Studio, OpenAI…)
 * through a thin client on the JDK {@link HttpClient}: {@code POST {baseUrl}/chat/completions}
 * with {@code stream: true} and {@code stream_options.include_usage}.
 *
 * <ul>
 *   <li>System blocks become one system message; tool uses become the assistant's
 *       {@code tool_calls}; tool results become {@code tool} messages.</li>
 *   <li>The data-only SSE stream is read line by line (LF, CRLF or CR; {@code data:} with or without
 *       a space; comment lines skipped) and streamed tool-call fragments are put back together.</li>
 *   <li>{@code finish_reason} maps to LLMos stop reasons: {@code stop}→{@code end_turn},
 *       {@code length}→{@code max_tokens}, {@code tool_calls}→{@code tool_use},
 *       {@code content_filter}→{@code refusal}.</li>
 *   <li>Usage: {@code inputTokens} is {@code prompt_tokens} minus the cached ones, which are
 *       reported as {@code cacheReadInputTokens} (Anthropic's meaning, so prices add up).</li>
 *   <li>Retries: on 429/500/502/503/504/529 and connection failures (not timeouts), before any byte
 *       was streamed, with exponential backoff (0.5 s doubling, at most 8 s) that honours
 *       {@code retry-after} / {@code retry-after-ms}; a {@code retry-after} over 60 s fails at once.
 *       Cancelling the request cuts a pause short.</li>
 *   <li>Timeout: bounds connecting, the wait for the response headers and every wait for data.</li>
 * </ul>
 */
public final class OpenAiCompatibleProvider implements LlmProvider {

    /** The model used when neither the settings nor the request name one (an Ollama favourite). */
    public static final String DEFAULT_MODEL = "llama3.2";

    static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504, 529);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    private static final Duration BASE_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    private static final Object END = new Object();
    private static final Object CANCEL = new Object();

    private final HttpClient http;
    private final URI endpoint;
    private final URI modelsEndpoint;
    private final String displayUrl;
    private final String apiKey;
    private final String defaultModel;
    private final int maxRetries;
    private final Duration timeout;

    /**
     * @param apiKey       bearer token, or null/blank to send none (typical for local servers)
     * @param baseUrl      e.g. {@code http://localhost:11434/v1}; {@code /chat/completions} is appended
     * @param defaultModel model for requests that name none; null/blank for {@link #DEFAULT_MODEL}
     * @param maxRetries   retries on 429/5xx/connection failures, before any byte was streamed
     * @param timeout      connect, first-byte and idle-read timeout; null for 120 s
     */
    public OpenAiCompatibleProvider(String apiKey, String baseUrl, String defaultModel, int maxRetries, Duration timeout) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("the OpenAI-compatible base URL is required, e.g. http://localhost:11434/v1");
        }
        LlmSettings.requireValidRetries(maxRetries);
        Duration t = LlmSettings.timeoutOrDefault(timeout);
        String base = baseUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(base + "/chat/completions");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the OpenAI-compatible base URL is not a valid URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("the OpenAI-compatible base URL must be an http(s) URL, e.g. "
                    + "http://localhost:11434/v1");
        }
        this.endpoint = uri;
        this.modelsEndpoint = URI.create(base + "/models");
        this.displayUrl = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("/chat/completions$", ""));
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.defaultModel = defaultModel == null || defaultModel.isBlank() ? DEFAULT_MODEL : defaultModel.strip();
        this.maxRetries = maxRetries;
        this.timeout = t;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(t.compareTo(Duration.ofSeconds(30)) < 0 ? t : Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String name() {
        return "openai";
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

    /** {@code GET {baseUrl}/models}: what the server has (Ollama: the models pulled), by id. */
    @Override
    public List<ModelOption> models() {
        HttpRequest.Builder builder = HttpRequest.newBuilder(modelsEndpoint)
                .timeout(timeout.compareTo(Duration.ofSeconds(15)) < 0 ? timeout : Duration.ofSeconds(15))
                .header("Accept", "application/json").GET();
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new LlmException(LlmException.Kind.UNREACHABLE, 0, "cannot reach " + displayUrl + "/models: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(LlmException.Kind.CANCELLED, 0, "interrupted while listing models", e);
        }
        if (response.statusCode() != 200) {
            throw new LlmException(response.statusCode() >= 500 ? LlmException.Kind.UPSTREAM_ERROR : LlmException.Kind.REJECTED,
                    response.statusCode(), displayUrl + "/models answered " + response.statusCode(), null);
        }
        List<ModelOption> out = new ArrayList<>();
        try {
            for (tools.jackson.databind.JsonNode m : LlmJson.MAPPER.readTree(response.body()).path("data")) {
                String id = m.path("id").asString("");
                if (!id.isBlank()) {
                    out.add(new ModelOption(id, id));
                }
            }
        } catch (RuntimeException e) {
            throw new LlmException(LlmException.Kind.UPSTREAM_ERROR, 200, displayUrl + "/models is not a model list", e);
        }
        return out;
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleProvider[baseUrl=" + displayUrl + ", defaultModel=" + defaultModel
                + ", apiKey=" + (apiKey == null ? "unset" : "***") + "]";
    }

    @Override
    public LlmResponse stream(LlmRequest request, LlmListener listener) {
        String model = request.model() == null || request.model().isBlank() ? defaultModel : request.model().strip();
        byte[] body = LlmJson.MAPPER.writeValueAsBytes(requestBody(request, model));
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        HttpRequest httpRequest = builder.build();
        Cancellation cancellation = request.cancellation();

        for (int attempt = 0; ; attempt++) {
            if (cancellation.isCancelled()) {
                throw cancelled();
            }
            Exchange exchange = new Exchange();
            cancellation.onCancel(exchange::cancel);
            exchange.start(httpRequest);
            Object first = exchange.next();
            if (first instanceof Failure failure) {
                LlmException error = connectFailure(failure.error);
                // A timeout already waited the full timeout: retrying would multiply the wait.
                if (attempt < maxRetries && !(failure.error instanceof HttpTimeoutException)) {
                    pause(backoff(attempt), cancellation);
                    continue;
                }
                throw error;
            }
            Head head = (Head) first;
            if (head.status / 100 != 2) {
                Object errorBody = exchange.next();
                String text = errorBody instanceof ErrorBody e ? e.text : "";
                LlmException error = httpError(head.status, text);
                if (RETRYABLE.contains(head.status) && attempt < maxRetries) {
                    Optional<Duration> retryAfter = retryAfter(head.headers);
                    if (retryAfter.isPresent() && retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0) {
                        throw error;
                    }
                    pause(retryAfter.isPresent() ? retryAfter.get() : backoff(attempt), cancellation);
                    continue;
                }
                throw error;
            }
            try {
                return read(exchange, listener, model);
            } catch (RuntimeException | Error e) {
                exchange.abort();
                throw e;
            }
        }
    }

    // ---- request

    ObjectNode requestBody(LlmRequest request, String model) {
        ObjectNode root = LlmJson.MAPPER.createObjectNode();
        root.put("model", model);
        root.put("stream", true);
        root.putObject("stream_options").put("include_usage", true);
        if (request.maxTokens() > 0) {
            root.put("max_tokens", request.maxTokens());
        }
        ArrayNode messages = root.putArray("messages");
        List<String> system = new ArrayList<>();
        for (LlmRequest.SystemBlock block : request.system()) {
            if (block.text() != null && !block.text().isBlank()) {
                system.add(block.text());
            }
        }
        if (!system.isEmpty()) {
            messages.addObject().put("role", "system").put("content", String.join("\n\n", system));
        }
        for (LlmMessage message : request.messages()) {
            List<String> texts = new ArrayList<>();
            List<LlmMessage.ToolUse> uses = new ArrayList<>();
            List<LlmMessage.ToolResult> results = new ArrayList<>();
            for (LlmMessage.Content content : message.content()) {
                if (content instanceof LlmMessage.Text t) {
                    if (t.text() != null && !t.text().isEmpty()) {
                        texts.add(t.text());
                    }
                } else if (content instanceof LlmMessage.ToolUse u) {
                    uses.add(u);
                } else if (content instanceof LlmMessage.ToolResult r) {
                    results.add(r);
                }
            }
            String text = String.join("\n\n", texts);
            if (message.role() == LlmMessage.Role.ASSISTANT) {
                ObjectNode m = messages.addObject().put("role", "assistant");
                if (!text.isEmpty() || uses.isEmpty()) {
                    m.put("content", text);
                }
                if (!uses.isEmpty()) {
                    ArrayNode calls = m.putArray("tool_calls");
                    for (LlmMessage.ToolUse u : uses) {
                        ObjectNode call = calls.addObject();
                        call.put("id", u.id());
                        call.put("type", "function");
                        call.putObject("function")
                                .put("name", u.name())
                                .put("arguments", LlmJson.write(u.input() == null ? Map.of() : u.input()));
                    }
                }
            } else {
                // Tool answers must directly follow the assistant's tool_calls, so they come first.
                for (LlmMessage.ToolResult r : results) {
                    String content = r.content() == null ? "" : r.content();
                    messages.addObject()
                            .put("role", "tool")
                            .put("tool_call_id", r.toolUseId())
                            .put("content", r.isError() ? "Error: " + content : content);
                }
                if (!text.isEmpty() || results.isEmpty()) {
                    messages.addObject().put("role", "user").put("content", text);
                }
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (LlmTool tool : request.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", tool.name());
                if (tool.description() != null && !tool.description().isBlank()) {
                    fn.put("description", tool.description());
                }
                Map<String, Object> schema = tool.inputSchema() == null || tool.inputSchema().isEmpty()
                        ? Map.of("type", "object", "properties", Map.of()) : tool.inputSchema();
                fn.set("parameters", LlmJson.MAPPER.valueToTree(schema));
            }
        }
        return root;
    }

    // ---- response stream

    private LlmResponse read(Exchange exchange, LlmListener listener, String requestedModel) {
        Answer answer = new Answer(requestedModel);
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        String eventName = null;
        while (true) {
            Object next = exchange.next();
            if (next == END) {
                if (hasData) {
                    answer.dispatch(data.toString(), eventName, listener);
                }
                break;
            }
            if (next instanceof Failure failure) {
                throw streamFailure(failure.error);
            }
            String line = (String) next;
            if (line.isEmpty()) {
                if (hasData) {
                    boolean done = answer.dispatch(data.toString(), eventName, listener);
                    data.setLength(0);
                    hasData = false;
                    eventName = null;
                    if (done) {
                        exchange.finish();
                        break;
                    }
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if ("data".equals(field)) {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            } else if ("event".equals(field)) {
                eventName = value;
            }
        }
        if (!answer.done && answer.finishReason == null) {
            throw new LlmException(LlmException.Kind.STREAM_CUT, 0,
                    "the stream from " + displayUrl + " ended before the answer was complete", null);
        }
        return answer.response();
    }

    /** Folds the chunks into the answer. */
    private final class Answer {

        private String model;
        private final StringBuilder text = new StringBuilder();
        private final TreeMap<Integer, PendingCall> calls = new TreeMap<>();
        private String finishReason;
        private long promptTokens;
        private long completionTokens;
        private long cachedTokens;
        private boolean done;

        Answer(String model) {
            this.model = model;
        }

        /** Handles one SSE event's data; returns true at {@code [DONE]}. */
        boolean dispatch(String data, String eventName, LlmListener listener) {
            String payload = data.strip();
            if ("[DONE]".equals(payload)) {
                done = true;
                return true;
            }
            if (payload.isEmpty()) {
                return false;
            }
            JsonNode chunk;
            try {
                chunk = LlmJson.MAPPER.readTree(payload);
            } catch (JacksonException e) {
                throw new LlmException(LlmException.Kind.UPSTREAM_ERROR, 0,
                        "the server at " + displayUrl + " sent a chunk that is not JSON", null);
            }
            JsonNode error = chunk.path("error");
            if (!error.isMissingNode() && !error.isNull() || "error".equals(eventName)) {
                throw new LlmException(LlmException.Kind.UPSTREAM_ERROR, 0,
                        LlmJson.scrub("the server at " + displayUrl + " reported an error mid-stream: "
                                + errorMessage(chunk, payload), apiKey), null);
            }
            String chunkModel = chunk.path("model").asString("");
            if (!chunkModel.isBlank()) {
                model = chunkModel;
            }
            JsonNode usage = chunk.path("usage");
            if (usage.isObject()) {
                promptTokens = usage.path("prompt_tokens").asLong(0);
                completionTokens = usage.path("completion_tokens").asLong(0);
                cachedTokens = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
            }
            for (JsonNode choice : chunk.path("choices")) {
                if (choice.path("index").asInt(0) != 0) {
                    continue;
                }
                JsonNode delta = choice.path("delta");
                JsonNode content = delta.path("content");
                if (content.isString() && !content.stringValue().isEmpty()) {
                    String piece = content.stringValue();
                    text.append(piece);
                    listener.onText(piece);
                }
                int position = 0;
                for (JsonNode fragment : delta.path("tool_calls")) {
                    toolCallFragment(fragment, position++);
                }
                JsonNode finish = choice.path("finish_reason");
                if (finish.isString() && !finish.stringValue().isEmpty()) {
                    finishReason = finish.stringValue();
                }
            }
            return false;
        }

        private void toolCallFragment(JsonNode fragment, int position) {
            String id = fragment.path("id").asString("");
            int index;
            if (fragment.path("index").isNumber()) {
                index = fragment.path("index").asInt();
            } else if (!id.isEmpty() && calls.values().stream().noneMatch(c -> id.equals(c.id))) {
                index = calls.isEmpty() ? position : calls.lastKey() + 1;
            } else {
                index = calls.isEmpty() ? position : calls.lastKey();
            }
            PendingCall call = calls.computeIfAbsent(index, i -> new PendingCall());
            if (!id.isEmpty() && call.id == null) {
                call.id = id;
            }
            JsonNode function = fragment.path("function");
            String name = function.path("name").asString("");
            if (!name.isEmpty() && (call.name == null || call.name.isEmpty())) {
                call.name = name;
            }
            JsonNode arguments = function.path("arguments");
            if (arguments.isString()) {
                call.arguments.append(arguments.stringValue());
            } else if (arguments.isObject()) {
                // Some servers send the arguments as an object rather than a JSON string.
                call.arguments.append(LlmJson.MAPPER.writeValueAsString(arguments));
            }
        }

        LlmResponse response() {
            List<LlmMessage.ToolUse> uses = new ArrayList<>();
            calls.forEach((index, call) -> uses.add(new LlmMessage.ToolUse(
                    call.id == null ? "call_" + index + "_" + Long.toHexString(System.nanoTime()) : call.id,
                    call.name == null ? "" : call.name,
                    LlmJson.toolInput(call.arguments.toString()))));
            String stop = stopReason(finishReason);
            if (!uses.isEmpty()) {
                // Some servers (older Ollama) say "stop" although the model called tools.
                stop = "tool_use";
            }
            long cached = Math.min(cachedTokens, promptTokens);
            return new LlmResponse("openai", model, text.toString(), uses, stop,
                    new Usage(promptTokens - cached, completionTokens, 0, cached));
        }
    }

    private static final class PendingCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    /** OpenAI's finish_reason in LLMos terms; unknown values pass through. */
    static String stopReason(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "stop" -> "end_turn";
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> finishReason;
        };
    }

    // ---- errors and retries

    private LlmException httpError(int status, String body) {
        String detail = errorMessage(parseQuietly(body), body);
        String message = "the OpenAI-compatible server at " + displayUrl + " answered " + status
                + (detail.isEmpty() ? "" : ": " + detail);
        LlmException.Kind kind;
        if (status == 429) {
            kind = LlmException.Kind.RATE_LIMITED;
        } else if (status == 529) {
            kind = LlmException.Kind.OVERLOADED;
        } else if (status >= 500) {
            kind = LlmException.Kind.UPSTREAM_ERROR;
        } else {
            kind = LlmException.Kind.REJECTED;
        }
        return new LlmException(kind, status, LlmJson.scrub(message, apiKey), null);
    }

    private static JsonNode parseQuietly(String body) {
        try {
            return body == null || body.isBlank() ? LlmJson.MAPPER.missingNode() : LlmJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return LlmJson.MAPPER.missingNode();
        }
    }

    /** The message of an error body in the usual shapes ({@code error.message}, {@code error}, {@code message}, {@code detail}). */
    private static String errorMessage(JsonNode json, String raw) {
        JsonNode error = json.path("error");
        if (error.isObject() && error.path("message").isString()) {
            return error.path("message").stringValue();
        }
        if (error.isString()) {
            return error.stringValue();
        }
        if (json.path("message").isString()) {
            return json.path("message").stringValue();
        }
        if (json.path("detail").isString()) {
            return json.path("detail").stringValue();
        }
        String text = raw == null ? "" : raw.strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private LlmException connectFailure(Throwable error) {
        if (error instanceof HttpConnectTimeoutException || error instanceof HttpTimeoutException) {
            return new LlmException(LlmException.Kind.UNREACHABLE, 0,
                    "the OpenAI-compatible server at " + displayUrl + " did not answer within " + seconds(timeout), null);
        }
        String what = error instanceof ConnectException ? "cannot connect to" : "cannot reach";
        return new LlmException(LlmException.Kind.UNREACHABLE, 0, LlmJson.scrub(what
                + " the OpenAI-compatible server at " + displayUrl + ": " + NetworkFailure.describe(error), apiKey), null);
    }

    private LlmException streamFailure(Throwable error) {
        if (error instanceof HttpTimeoutException) {
            return connectFailure(error);
        }
        return new LlmException(LlmException.Kind.STREAM_CUT, 0, LlmJson.scrub("the stream from " + displayUrl
                + " broke off: " + NetworkFailure.describe(error), apiKey), null);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static LlmException cancelled() {
        return new LlmException(LlmException.Kind.CANCELLED, 0, "the request was cancelled", null);
    }

    /** Exponential backoff with jitter: 0.5 s, 1 s, 2 s, … up to 8 s, each × 0.75–1. */
    static Duration backoff(int attempt) {
        double base = BASE_BACKOFF.toMillis() * Math.pow(2, Math.min(attempt, 10));
        double capped = Math.min(base, MAX_BACKOFF.toMillis());
        double jitter = 1 - 0.25 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (capped * jitter));
    }

    /** {@code retry-after-ms}, or {@code retry-after} in (decimal) seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.get().strip()))));
            } catch (NumberFormatException e) {
                // fall through to retry-after
            }
        }
        Optional<String> value = headers.firstValue("retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get().strip();
        try {
            double secs = Double.parseDouble(v);
            return Double.isFinite(secs) ? Optional.of(Duration.ofMillis(Math.max(0, (long) (secs * 1000))))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
    }

    /** Waits before a retry; cancelling the request ends the wait at once. */
    private static void pause(Duration duration, Cancellation cancellation) {
        if (duration.isZero()) {
            return;
        }
        CountDownLatch woken = new CountDownLatch(1);
        cancellation.onCancel(woken::countDown);
        try {
            if (woken.await(duration.toNanos(), TimeUnit.NANOSECONDS)) {
                throw cancelled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled();
        }
    }

    // ---- one HTTP exchange, read on the calling thread through a queue

    private record Head(int status, HttpHeaders headers) {
    }

    private record ErrorBody(String text) {
    }

    private record Failure(Throwable error) {
    }

    /**
     * One HTTP exchange. The JDK client pushes the status line, then body lines (or the error body),
     * then the end, into a queue that the calling thread drains: so listeners run on the caller's
     * thread, and a cancel or an idle timeout needs no cross-thread close of a blocking stream.
     */
    private final class Exchange implements HttpResponse.BodyHandler<Void>, Flow.Subscriber<String> {

        private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private volatile CompletableFuture<HttpResponse<Void>> future;
        private volatile boolean cancelled;

        void start(HttpRequest request) {
            CompletableFuture<HttpResponse<Void>> f = http.sendAsync(request, this);
            future = f;
            f.whenComplete((response, error) -> {
                if (error != null) {
                    events.add(new Failure(unwrap(error)));
                }
            });
            if (cancelled) {
                f.cancel(true);
            }
        }

        /** The next event; throws CANCELLED when cancelled, UNREACHABLE after {@code timeout} of silence. */
        Object next() {
            Object event;
            try {
                event = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw cancelled();
            }
            if (event == CANCEL || cancelled) {
                throw cancelled();
            }
            if (event == null) {
                cancel();
                throw new LlmException(LlmException.Kind.UNREACHABLE, 0, "the OpenAI-compatible server at "
                        + displayUrl + " sent nothing for " + seconds(timeout), null);
            }
            return event;
        }

        /** After {@code [DONE]}: let the response end by itself (keeps the connection), else drop it. */
        void finish() {
            try {
                Object event = events.poll(200, TimeUnit.MILLISECONDS);
                if (event != END) {
                    abort();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort();
            }
        }

        void cancel() {
            cancelled = true;
            events.add(CANCEL);
            abort();
        }

        /** Drops the HTTP exchange (closes its connection if still open). */
        void abort() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            CompletableFuture<HttpResponse<Void>> f = future;
            if (f != null) {
                f.cancel(true);
            }
        }

        @Override
        public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
            events.add(new Head(info.statusCode(), info.headers()));
            if (info.statusCode() / 100 == 2) {
                return HttpResponse.BodySubscribers.fromLineSubscriber(this, s -> null, StandardCharsets.UTF_8, null);
            }
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                    text -> {
                        events.add(new ErrorBody(text));
                        return null;
                    });
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            events.add(line);
        }

        @Override
        public void onError(Throwable error) {
            events.add(new Failure(error));
        }

        @Override
        public void onComplete() {
            events.add(END);
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof CancellationException) {
            return new IOException("cancelled");
        }
        return e;
    }
}
