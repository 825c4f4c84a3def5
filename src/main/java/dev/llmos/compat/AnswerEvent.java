package dev.llmos.compat;

import dev.llmos.llm.Usage;

/**
 * What a model's answer says, in no protocol's shape: read from an upstream's stream or JSON
 * ({@link UpstreamAnswers}) and written in the client's protocol ({@link ClientAnswers}). A whole answer
 * is the same events in one go, so streamed and non-streamed answers share one path.
 */
sealed interface AnswerEvent {

    /** Why the model stopped, in no protocol's words. */
    enum Stop {
        END, LENGTH, TOOL_USE, STOP_SEQUENCE, REFUSAL;

        static Stop fromAnthropic(String reason) {
            return switch (reason == null ? "" : reason) {
                case "max_tokens", "model_context_window_exceeded" -> LENGTH;
                case "tool_use" -> TOOL_USE;
                case "stop_sequence" -> STOP_SEQUENCE;
                case "refusal" -> REFUSAL;
                default -> END;
            };
        }

        static Stop fromChat(String reason) {
            return switch (reason == null ? "" : reason) {
                case "length" -> LENGTH;
                case "tool_calls", "function_call" -> TOOL_USE;
                case "content_filter" -> REFUSAL;
                default -> END;
            };
        }

        String anthropic() {
            return switch (this) {
                case END -> "end_turn";
                case LENGTH -> "max_tokens";
                case TOOL_USE -> "tool_use";
                case STOP_SEQUENCE -> "stop_sequence";
                case REFUSAL -> "refusal";
            };
        }

        String chat() {
            return switch (this) {
                case END, STOP_SEQUENCE -> "stop";
                case LENGTH -> "length";
                case TOOL_USE -> "tool_calls";
                case REFUSAL -> "content_filter";
            };
        }
    }

    /** The answer begins; {@code usage} may be partial (Anthropic reports input tokens here). */
    record Started(String id, String model, Usage usage) implements AnswerEvent {
    }

    record TextDelta(String text) implements AnswerEvent {
    }

    /** Tool call {@code index} (0, 1, … in the answer) begins. */
    record ToolStarted(int index, String id, String name) implements AnswerEvent {
    }

    /** More of tool call {@code index}'s JSON arguments. */
    record ToolArguments(int index, String fragment) implements AnswerEvent {
    }

    /** The answer is complete; {@code usage} is the whole call's. */
    record Finished(Stop stop, Usage usage) implements AnswerEvent {
    }

    /** The upstream reported an error mid-answer (or cut the stream). */
    record Failed(String type, String message) implements AnswerEvent {
    }
}
