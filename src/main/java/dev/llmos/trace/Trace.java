package dev.llmos.trace;

import java.time.Instant;
import java.util.List;

/**
 * One exchange, as saved in {@code traces/YYYY/MM/DD/{id}.json} of the user's volume.
 *
 * @param source  what produced it: {@code chat}, {@code chat-stream}, or a compatibility endpoint
 * @param outcome {@code ok} or {@code error}
 * @param error   what went wrong when the outcome is {@code error}
 */
public record Trace(String id, Instant time, String userId, String teamId, String conversationId, String source,
                    String request, String response, List<SkillRef> skills, String provider, String model,
                    TokenUsage usage, double costUsd, long latencyMs, String outcome, String error) {

    public Trace {
        skills = skills == null ? List.of() : List.copyOf(skills);
        usage = usage == null ? TokenUsage.NONE : usage;
    }

    /** A skill used by the exchange: which one, from where, and at which commit it was read. */
    public record SkillRef(String id, String name, String volume, String commit, String reason) {
    }

    /** Tokens used, as the provider reported them. */
    public record TokenUsage(long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens) {
        public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

        public long total() {
            return inputTokens + outputTokens + cacheCreationInputTokens + cacheReadInputTokens;
        }
    }

    public boolean ok() {
        return "ok".equals(outcome);
    }
}
