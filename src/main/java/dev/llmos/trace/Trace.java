package dev.llmos.trace;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One exchange, as saved in {@code traces/YYYY/MM/DD/{id}.json} of the user's volume.
 *
 * @param source  what produced it: {@code chat}, {@code chat-stream}, or a compatibility endpoint
 * @param outcome {@code ok} or {@code error}
 * @param outcome {@code ok} or {@code error}; an agent run's steps may also end {@code limit} or {@code cancelled}
 * @param error   what went wrong when the outcome is not {@code ok}
 * @param runId          the agent run this trace is a step of (the run's root trace id); null outside runs
 * @param parentTraceId  the trace of the agent that delegated this one; null for a run's root and outside runs
 * @param agent          the agent that produced it; null outside runs
 */
public record Trace(String id, Instant time, String userId, String teamId, String conversationId, String source,
                    String request, String response, List<SkillRef> skills, String provider, String model,
                    TokenUsage usage, double costUsd, long latencyMs, String outcome, String error,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String runId,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String parentTraceId,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String agent) {

    public Trace {
        skills = skills == null ? List.of() : List.copyOf(skills);
        usage = usage == null ? TokenUsage.NONE : usage;
    }

    /** A trace outside agent runs (a chat or a compatibility call). */
    public Trace(String id, Instant time, String userId, String teamId, String conversationId, String source,
                 String request, String response, List<SkillRef> skills, String provider, String model,
                 TokenUsage usage, double costUsd, long latencyMs, String outcome, String error) {
        this(id, time, userId, teamId, conversationId, source, request, response, skills, provider, model, usage, costUsd,
                latencyMs, outcome, error, null, null, null);
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
