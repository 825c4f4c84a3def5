package dev.llmos.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a fake model server ({@link FakeAnthropicServer}, {@link FakeOpenAiServer}) answers to one
 * request. Immutable: start from a factory ({@link #text}, {@link #toolUse}, {@link #error}) and
 * refine with the {@code with}-style methods, each of which returns a copy.
 *
 * <p>Stop reasons use Anthropic's names ({@code end_turn}, {@code max_tokens}, {@code tool_use});
 * the OpenAI fake maps them to {@code stop}, {@code length}, {@code tool_calls}.
 */
public final class FakeReply {

    /** Deliberate variations of the SSE framing that clients must tolerate. */
    public enum Quirk {
        /** Lines end with CRLF instead of LF. */
        CRLF,
        /** {@code data:{...}} with no space after the colon. */
        NO_SPACE_AFTER_COLON,
        /** A comment line ({@code : keep-alive}) before every event. */
        COMMENTS,
        /** Every event is written (and flushed) in two pieces, split mid-line. */
        SPLIT_WRITES
    }

    /** One tool call in the answer; {@code inputJson} is the tool input as a JSON object text. */
    public record ToolCall(String id, String name, String inputJson) {
    }

    enum Kind { ANSWER, HTTP_ERROR }

    final Kind kind;
    final String text;
    final int deltas;
    final List<ToolCall> toolCalls;
    final int toolInputDeltas;
    final String stopReason;
    final Long inputTokens;
    final Long outputTokens;
    final long cacheCreationInputTokens;
    final long cacheReadInputTokens;
    final int status;
    final String errorType;
    final String errorMessage;
    final String retryAfter;
    final int errorAfterDeltas;
    final String midStreamErrorType;
    final String midStreamErrorMessage;
    final int cutAfterDeltas;
    final int truncateAfterDeltas;
    final Duration delayPerDelta;
    final Set<Quirk> quirks;

    private FakeReply(Kind kind, String text, int deltas, List<ToolCall> toolCalls, int toolInputDeltas,
                      String stopReason, Long inputTokens, Long outputTokens, long cacheCreationInputTokens,
                      long cacheReadInputTokens, int status, String errorType, String errorMessage,
                      String retryAfter, int errorAfterDeltas, String midStreamErrorType,
                      String midStreamErrorMessage, int cutAfterDeltas, int truncateAfterDeltas,
                      Duration delayPerDelta, Set<Quirk> quirks) {
        this.kind = kind;
        this.text = text;
        this.deltas = deltas;
        this.toolCalls = List.copyOf(toolCalls);
        this.toolInputDeltas = toolInputDeltas;
        this.stopReason = stopReason;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.cacheCreationInputTokens = cacheCreationInputTokens;
        this.cacheReadInputTokens = cacheReadInputTokens;
        this.status = status;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
        this.retryAfter = retryAfter;
        this.errorAfterDeltas = errorAfterDeltas;
        this.midStreamErrorType = midStreamErrorType;
        this.midStreamErrorMessage = midStreamErrorMessage;
        this.cutAfterDeltas = cutAfterDeltas;
        this.truncateAfterDeltas = truncateAfterDeltas;
        this.delayPerDelta = delayPerDelta;
        this.quirks = quirks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(quirks));
    }

    private FakeReply copy(Kind kind, String text, int deltas, List<ToolCall> toolCalls, int toolInputDeltas,
                           String stopReason, Long inputTokens, Long outputTokens, long cacheCreation,
                           long cacheRead, String retryAfter, int errorAfterDeltas, String midType,
                           String midMessage, int cutAfterDeltas, int truncateAfterDeltas, Duration delay,
                           Set<Quirk> quirks) {
        return new FakeReply(kind, text, deltas, toolCalls, toolInputDeltas, stopReason, inputTokens, outputTokens,
                cacheCreation, cacheRead, status, errorType, errorMessage, retryAfter, errorAfterDeltas, midType,
                midMessage, cutAfterDeltas, truncateAfterDeltas, delay, quirks);
    }

    // ---- factories

    /** A text answer ({@code end_turn}), streamed in 3 deltas unless {@link #deltas(int)} says otherwise. */
    public static FakeReply text(String text) {
        return new FakeReply(Kind.ANSWER, text, 3, List.of(), 2, "end_turn", null, null, 0, 0, 200, null, null, null,
                -1, null, null, -1, -1, Duration.ZERO, Set.of());
    }

    /** An answer that calls one tool ({@code tool_use}); add text before it with {@link #withText}. */
    public static FakeReply toolUse(String id, String name, String inputJson) {
        return text("").deltas(1).stopReason("tool_use").andToolUse(id, name, inputJson);
    }

    /**
     * An HTTP error with the provider's JSON error body, e.g. {@code error(400, "invalid_request_error",
     * "max_tokens: too large")}; add {@link #retryAfter(String)} for 429/5xx.
     */
    public static FakeReply error(int status, String type, String message) {
        return new FakeReply(Kind.HTTP_ERROR, "", 0, List.of(), 0, null, null, null, 0, 0, status, type, message, null,
                -1, null, null, -1, -1, Duration.ZERO, Set.of());
    }

    /** 529 {@code overloaded_error}. */
    public static FakeReply overloaded() {
        return error(529, "overloaded_error", "Overloaded");
    }

    /** 429 {@code rate_limit_error}. */
    public static FakeReply rateLimited() {
        return error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit");
    }

    // ---- refinements

    /** Splits the text into {@code n} deltas (at least 1). */
    public FakeReply deltas(int n) {
        return copy(kind, text, Math.max(1, n), toolCalls, toolInputDeltas, stopReason, inputTokens, outputTokens,
                cacheCreationInputTokens, cacheReadInputTokens, retryAfter, errorAfterDeltas, midStreamErrorType,
                midStreamErrorMessage, cutAfterDeltas, truncateAfterDeltas, delayPerDelta, quirks);
    }

    /** Replaces the answer text (e.g. the text before a tool call). */
    public FakeReply withText(String newText) {
        return copy(kind, newText, deltas, toolCalls, toolInputDeltas, stopReason, inputTokens, outputTokens,
                cacheCreationInputTokens, cacheReadInputTokens, retryAfter, errorAfterDeltas, midStreamErrorType,
                midStreamErrorMessage, cutAfterDeltas, truncateAfterDeltas, delayPerDelta, quirks);
    }

    /** Adds a tool call after the text (and after earlier tool calls); sets stop reason {@code tool_use}. */
    public FakeReply andToolUse(String id, String name, String inputJson) {
        List<ToolCall> calls = new ArrayList<>(toolCalls);
        calls.add(new ToolCall(id, name, inputJson));
        return copy(kind, text, deltas, calls, toolInputDeltas, "tool_use", inputTokens, outputTokens,
                cacheCreationInputTokens, cacheReadInputTokens, retryAfter, errorAfterDeltas, midStreamErrorType,
                midStreamErrorMessage, cutAfterDeltas, truncateAfterDeltas, delayPerDelta, quirks);
    }

    /** Splits each tool call's input JSON into {@code n} fragments (default 2). */
    public FakeReply toolInputDeltas(int n) {
        return copy(kind, text, deltas, toolCalls, Math.max(1, n), stopReason, inputTokens, outputTokens,
                cacheCreationInputTokens, cacheReadInputTokens, retryAfter, errorAfterDeltas, midStreamErrorType,
                midStreamErrorMessage, cutAfterDeltas, truncateAfterDeltas, delayPerDelta, quirks);
    }

    /** Anthropic-style stop reason ({@code end_turn}, {@code max_tokens}, {@code tool_use}, ...). */
    public FakeReply stopReason(String reason) {
        return copy(kind, text, deltas, toolCalls, toolInputDeltas, reason, inputTokens, outputTokens,
                cacheCreationInputTokens, cacheReadInputTokens, retryAfter, errorAfterDeltas, midStreamErrorType,
                midStreamErrorMessage, cutAfterDeltas, truncateAfterDeltas, delayPerDelta, quirks);
    }

    /** Reported usage without cache tokens. */
    public FakeReply usage(long input, long output) {
        return usage(input, output, 0, 0);
    }

    /**
     * Reported usage. For the OpenAI fake, {@code prompt_tokens} = input + cacheRead and
     * {@code prompt_tokens_details.cached_tokens} = cacheRead (cache creation is not reported there).
     */
    public FakeReply usage(long input, long output, long cacheCreation, long cacheRead) {
        return copy(kind, text, deltas, toolCalls, toolInputDeltas, stopReason, input, output, cacheCreation, cacheRead,
                retryAfter, errorAfterDeltas, midStreamErrorType, midStreamErrorMessage, cutAfterDeltas,
                truncateAfterDeltas, delayPerDelta, quirks);
    }

    /** Adds a {@code retry-after} header (seconds, as sent) to an error reply. */
    public FakeReply retryAfter(String value) {
        return copy(kind, text, deltas, toolCalls, toolInputDeltas, stopReason, inputTokens, outputTokens,
                cacheCreationInputTokens, cacheReadInputTokens, value, errorAfterDeltas, midStreamErrorType,
                midStreamErrorMessage, cutAfterDeltas, truncateAfterDeltas, delayPerDelta, quirks);
    }

    /**
     * After {@code deltas} deltas, sends an in-stream error (Anthropic: {@code event: error};
     * OpenAI: a {@code data: {"error":...}} chunk) and ends the response.
     */
    public FakeReply errorMidStream(int deltas, String type, String message) {
        return copy(kind, text, this.deltas, toolCalls, toolInputDeltas, stopReason, inputTokens, outputTokens,
                cacheCreationInputTokens, cacheReadInputTokens, retryAfter, deltas, type, message, cutAfterDeltas,
                truncateAfterDeltas, delayPerDelta, quirks);
    }

    /** After {@code deltas} deltas, drops the TCP connection (no terminating chunk). */
    public FakeReply cutAfter(int deltas) {
        return copy(kind, text, this.deltas, toolCalls, toolInputDeltas, stopReason, inputTokens, outputTokens,
                cacheCreationInputTokens, cacheReadInputTokens, retryAfter, errorAfterDeltas, midStreamErrorType,
                midStreamErrorMessage, deltas, truncateAfterDeltas, delayPerDelta, quirks);
    }

    /** After {@code deltas} deltas, ends the HTTP response cleanly but without the closing events. */
    public FakeReply truncateAfter(int deltas) {
        return copy(kind, text, this.deltas, toolCalls, toolInputDeltas, stopReason, inputTokens, outputTokens,
                cacheCreationInputTokens, cacheReadInputTokens, retryAfter, errorAfterDeltas, midStreamErrorType,
                midStreamErrorMessage, cutAfterDeltas, deltas, delayPerDelta, quirks);
    }

    /** Pauses this long before every delta (slow model). */
    public FakeReply delayPerDelta(Duration delay) {
        return copy(kind, text, deltas, toolCalls, toolInputDeltas, stopReason, inputTokens, outputTokens,
                cacheCreationInputTokens, cacheReadInputTokens, retryAfter, errorAfterDeltas, midStreamErrorType,
                midStreamErrorMessage, cutAfterDeltas, truncateAfterDeltas, delay, quirks);
    }

    /** Adds framing quirks (CRLF, no space after colon, comments, split writes). */
    public FakeReply quirks(Quirk... add) {
        EnumSet<Quirk> set = EnumSet.noneOf(Quirk.class);
        set.addAll(quirks);
        set.addAll(List.of(add));
        return copy(kind, text, deltas, toolCalls, toolInputDeltas, stopReason, inputTokens, outputTokens,
                cacheCreationInputTokens, cacheReadInputTokens, retryAfter, errorAfterDeltas, midStreamErrorType,
                midStreamErrorMessage, cutAfterDeltas, truncateAfterDeltas, delayPerDelta, set);
    }

    // ---- derived values used by the servers

    /** The text split into {@link #deltas} parts by code point (no part empty unless the text is). */
    List<String> textParts() {
        return split(text, deltas);
    }

    List<String> inputParts(ToolCall call) {
        return split(call.inputJson(), toolInputDeltas);
    }

    long inputTokensOrDefault() {
        return inputTokens != null ? inputTokens : 10;
    }

    long outputTokensOrDefault() {
        return outputTokens != null ? outputTokens : Math.max(1, (text.isEmpty() ? 0 : textParts().size()) + 5L * toolCalls.size());
    }

    static List<String> split(String s, int n) {
        List<String> parts = new ArrayList<>();
        if (s.isEmpty()) {
            return parts;
        }
        int[] cps = s.codePoints().toArray();
        int count = Math.min(n, cps.length);
        int start = 0;
        for (int i = 0; i < count; i++) {
            int end = (int) ((long) cps.length * (i + 1) / count);
            parts.add(new String(cps, start, end - start));
            start = end;
        }
        return parts;
    }

    @Override
    public String toString() {
        return kind == Kind.HTTP_ERROR ? "FakeReply[error " + status + " " + errorType + "]"
                : "FakeReply[text=" + text + ", tools=" + toolCalls + ", stop=" + stopReason + "]";
    }
}
