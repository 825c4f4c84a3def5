package dev.llmos.trace;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One exchange, as saved in {@code traces/YYYY/MM/DD/{id}.json} of the user's volume.
 *
 * @param source  what produced it: {@code chat}, {@code chat-stream}, or a compatibility endpoint
 * @param request what the person asked in this exchange, in their own words (for a compatibility call, without
 *                the wrappers an agent harness adds: see {@code dev.llmos.turn}); the raw request is kept beside
 *                the trace ({@code {id}.request.json})
 * @param outcome {@code ok} or {@code error}; an agent run's steps may also end {@code limit} or {@code cancelled}
 * @param error   what went wrong when the outcome is not {@code ok}
 * @param runId          the agent run this trace is a step of (the run's root trace id); null outside runs
 * @param parentTraceId  the trace of the agent that delegated this one; null for a run's root and outside runs
 * @param agent          the agent that produced it; null outside runs
 * @param turn           for a call through the compatibility endpoints, which turn of which client it was; null otherwise
 * @param replaces       the earlier turn of the same conversation this one answers again (regenerate) or asks
 *                       anew (edit and resend); that turn and those after it leave the conversation's current
 *                       thread ({@link ConversationThread}). Null for an ordinary turn
 */
public record Trace(String id, Instant time, String userId, String teamId, String conversationId, String source,
                    String request, String response, List<SkillRef> skills, String provider, String model,
                    TokenUsage usage, double costUsd, long latencyMs, String outcome, String error,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String runId,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String parentTraceId,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String agent,
                    @JsonInclude(JsonInclude.Include.NON_NULL) TurnStep turn,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String replaces) {

    /** The provider of exchanges no model answered: their token counts are estimates of what would have been sent. */
    public static final String OFFLINE = "offline";

    public Trace {
        skills = skills == null ? List.of() : List.copyOf(skills);
        usage = usage == null ? TokenUsage.NONE : usage;
        if (OFFLINE.equals(provider)) {
            usage = usage.asEstimate(); // also read back this way from traces written before the field existed
        }
    }

    /** A trace outside agent runs (a chat or a compatibility call). */
    public Trace(String id, Instant time, String userId, String teamId, String conversationId, String source,
                 String request, String response, List<SkillRef> skills, String provider, String model,
                 TokenUsage usage, double costUsd, long latencyMs, String outcome, String error) {
        this(id, time, userId, teamId, conversationId, source, request, response, skills, provider, model, usage, costUsd,
                latencyMs, outcome, error, null, null, null, null, null);
    }

    /** A trace of an agent run's step. */
    public Trace(String id, Instant time, String userId, String teamId, String conversationId, String source,
                 String request, String response, List<SkillRef> skills, String provider, String model,
                 TokenUsage usage, double costUsd, long latencyMs, String outcome, String error, String runId,
                 String parentTraceId, String agent) {
        this(id, time, userId, teamId, conversationId, source, request, response, skills, provider, model, usage, costUsd,
                latencyMs, outcome, error, runId, parentTraceId, agent, null, null);
    }

    /** A trace of a compatibility call: which turn of which client it was. */
    public Trace(String id, Instant time, String userId, String teamId, String conversationId, String source,
                 String request, String response, List<SkillRef> skills, String provider, String model,
                 TokenUsage usage, double costUsd, long latencyMs, String outcome, String error, TurnStep turn) {
        this(id, time, userId, teamId, conversationId, source, request, response, skills, provider, model, usage, costUsd,
                latencyMs, outcome, error, null, null, null, turn, null);
    }

    /** The same trace with other request, response and error texts (e.g. with secrets redacted). */
    public Trace withTexts(String newRequest, String newResponse, String newError) {
        return new Trace(id, time, userId, teamId, conversationId, source, newRequest, newResponse, skills, provider, model,
                usage, costUsd, latencyMs, outcome, newError, runId, parentTraceId, agent, turn, replaces);
    }

    /**
     * Where a model call sits in a client's work: the model calls of one turn (the person's message and
     * the tool loop that answers it) share {@code id}; the first is step 1.
     *
     * @param delegated a sub-agent's call (its task was written by a model); folded into the turn of the
     *                  person's message it ran for, when that is known
     * @param client    the client's name and version (from its User-Agent), or null
     */
    public record TurnStep(String id, int step, boolean delegated, String client) {
    }

    /**
     * The call opens a piece of work: it is not a later call of a client's tool loop, nor a call of a
     * client's sub-agent (a harness's internal delegation). What evolution counts as an occurrence and usage
     * calls a request. A step of an LLMos agent run does count: a sub-task its agents delegate again and
     * again is work that comes back (docs/agents.md).
     */
    public boolean opensTask() {
        return turn == null || (turn.step() <= 1 && !turn.delegated());
    }

    /** A skill used by the exchange: which one, from where, and at which commit it was read. */
    public record SkillRef(String id, String name, String volume, String commit, String reason) {
    }

    /**
     * Tokens used, as the provider reported them (billed), and apart from them the estimated input
     * tokens of an exchange no model answered (offline: nothing was sent, nothing billed).
     */
    public record TokenUsage(long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) long estimatedInputTokens) {
        public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

        public TokenUsage(long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens) {
            this(inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens, 0);
        }

        /** Billed tokens. */
        public long total() {
            return inputTokens + outputTokens + cacheCreationInputTokens + cacheReadInputTokens;
        }

        /** Every count moved to the estimate: what an offline exchange reports. */
        TokenUsage asEstimate() {
            return total() == 0 ? this : new TokenUsage(0, 0, 0, 0, estimatedInputTokens + total());
        }
    }

    public boolean ok() {
        return "ok".equals(outcome);
    }
}
