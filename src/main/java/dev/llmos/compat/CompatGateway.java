package dev.llmos.compat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.llmos.llm.AnthropicProvider;
import dev.llmos.llm.LlmSettings;
import dev.llmos.llm.OpenAiCompatibleProvider;
import dev.llmos.llm.PriceTable;
import dev.llmos.llm.Usage;
import dev.llmos.skill.Selection;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillSelector;
import dev.llmos.trace.RawRequest;
import dev.llmos.trace.Trace;
import dev.llmos.trace.TraceJournal;
import dev.llmos.turn.Turn;
import dev.llmos.turn.TurnReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Anthropic- and OpenAI-compatible endpoints: a client's request goes to the upstream configured
 * for its protocol as sent, with the caller's skills put in front of its system prompt, and the answer
 * comes back byte for byte. What the person asked is read per protocol ({@link TurnReader}): skills are
 * chosen for their words, once per turn (a tool loop's later calls get the same skills, byte for byte),
 * and every call is traced like a chat, as a step of its turn. Cross-protocol calls (an Anthropic
 * request when only an OpenAI-compatible server is configured, or the reverse) are refused; with no
 * model configured at all the answer says so, in the protocol's shape.
 */
public final class CompatGateway {

    private static final Logger log = LoggerFactory.getLogger(CompatGateway.class);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String ANTHROPIC_DEFAULT_BASE = "https://api.anthropic.com";

    private final SkillSelector selector;
    private final TraceJournal journal;
    private final PriceTable prices;
    private final CompatSettings settings;
    private final Upstream anthropic;
    private final Upstream openAi;
    private final Relay relay;
    private final TurnMemory turns = new TurnMemory();

    public CompatGateway(SkillSelector selector, TraceJournal journal, PriceTable prices, LlmSettings llm,
                         CompatSettings settings) {
        this.selector = selector;
        this.journal = journal;
        this.prices = prices;
        this.settings = settings;
        this.anthropic = llm.anthropicApiKey() == null ? null : new Upstream(Protocol.ANTHROPIC,
                llm.anthropicBaseUrl() == null ? ANTHROPIC_DEFAULT_BASE : llm.anthropicBaseUrl(), llm.anthropicApiKey(),
                llm.anthropicModel() == null ? AnthropicProvider.DEFAULT_MODEL : llm.anthropicModel());
        this.openAi = llm.openAiBaseUrl() == null ? null : new Upstream(Protocol.OPENAI, llm.openAiBaseUrl(),
                llm.openAiApiKey(), llm.openAiModel() == null ? OpenAiCompatibleProvider.DEFAULT_MODEL : llm.openAiModel());
        this.relay = new Relay(llm.timeout());
    }

    public CompatSettings settings() {
        return settings;
    }

    /**
     * Reads the client's request, selects and injects skills, and picks the upstream.
     *
     * @param skillsOff the caller asked for no skills ({@code x-llmos-skills: off}); a model ending in
     *                  {@link CompatSettings#OPT_OUT_SUFFIX} asks the same
     * @throws CompatException 400 for a body that is not a JSON object with a {@code messages} array, or a
     *                         protocol with no upstream while the other protocol has one
     */
    public CompatCall prepare(Protocol protocol, String userId, String teamId, byte[] body, boolean skillsOff) {
        return prepare(protocol, userId, teamId, body, skillsOff, TurnReader.Headers.NONE);
    }

    /**
     * @param headers the client's request headers by lower-case name: session ids, sub-agent ids and the
     *                User-Agent place the call in its conversation and turn
     */
    public CompatCall prepare(Protocol protocol, String userId, String teamId, byte[] body, boolean skillsOff,
                              TurnReader.Headers headers) {
        long start = System.nanoTime();
        Instant time = Instant.now();
        ObjectNode json = parse(body);
        boolean changed = false;
        String model = json.path("model").asString("");
        if (model.endsWith(CompatSettings.OPT_OUT_SUFFIX)) {
            skillsOff = true;
            model = model.substring(0, model.length() - CompatSettings.OPT_OUT_SUFFIX.length());
            json.put("model", model);
            changed = true;
        }
        Upstream upstream = upstream(protocol);
        if (model.isBlank() && upstream != null) {
            model = upstream.defaultModel();
            json.put("model", model);
            changed = true;
        }
        boolean stream = json.path("stream").asBoolean(false);
        Turn turn = protocol == Protocol.ANTHROPIC ? TurnReader.anthropic(json, headers) : TurnReader.openAiChat(json, headers);
        RawRequest raw = RawRequests.of(protocol, json, turn);
        String caller = userId + "\u0000" + teamId;
        if (turn.personsRequest()) {
            turns.rememberPersonTurn(caller, turn.conversationKey(), turn.turnId());
        }
        List<Trace.SkillRef> refs = List.of();
        if (!skillsOff) {
            TurnMemory.Chosen chosen = turns.chosen(caller, turn.turnId());
            if (chosen == null) {
                chosen = choose(userId, teamId, turn.text());
                turns.remember(caller, turn.turnId(), chosen);
            }
            refs = chosen.refs();
            if (chosen.block() != null) {
                if (protocol == Protocol.ANTHROPIC) {
                    SkillInjection.injectAnthropic(json, chosen.block());
                } else {
                    SkillInjection.injectOpenAi(json, chosen.block());
                }
                changed = true;
            }
        }
        boolean hideUsage = false;
        if (protocol == Protocol.OPENAI && stream && !json.path("stream_options").path("include_usage").asBoolean(false)) {
            // Usage is needed for the trace; the client did not ask for it, so the extra chunk is not relayed.
            (json.path("stream_options").isObject() ? (ObjectNode) json.get("stream_options") : json.putObject("stream_options"))
                    .put("include_usage", true);
            hideUsage = true;
            changed = true;
        }
        byte[] out = changed ? JSON.writeValueAsBytes(json) : body;
        return new CompatCall(protocol, userId, teamId, journal.newId(time), time, start, turn, step(caller, turn), raw, refs,
                skillsOff, model, stream, hideUsage, out, upstream);
    }

    /** Skills for the person's words in this turn, and the block that carries them (null when none fit). */
    private TurnMemory.Chosen choose(String userId, String teamId, String words) {
        Selection selection = selector.select(userId, teamId, words, settings.maxSkills(), settings.tokenBudget());
        List<Trace.SkillRef> refs = new ArrayList<>();
        for (Skill s : selection.chosen()) {
            refs.add(new Trace.SkillRef(s.id(), s.name(), s.volume(), s.commit(),
                    selection.reasons().getOrDefault(s.id(), Selection.RETRIEVED)));
        }
        return new TurnMemory.Chosen(List.copyOf(refs),
                selection.chosen().isEmpty() ? null : SkillInjection.block(selection.chosen()));
    }

    /** Where the trace of this call goes: its own turn, or for a sub-agent's call the person's turn it ran in. */
    private Trace.TurnStep step(String caller, Turn turn) {
        if (turn.delegated()) {
            String parent = turns.personTurn(caller, turn.conversationKey());
            return new Trace.TurnStep(parent == null ? turn.turnId() : parent, turn.step() + 1, true, turn.client());
        }
        return new Trace.TurnStep(turn.turnId(), turn.step(), false, turn.client());
    }

    /**
     * Sends the call upstream (or answers offline) and relays the answer to the sink, then traces it.
     * A failure before anything was sent is thrown as {@link CompatException}, also traced.
     *
     * @param query         the client's query string (e.g. Claude Code's {@code beta=true}), passed on; may be null
     * @param clientHeaders lower-case header names: {@code anthropic-version} and {@code anthropic-beta} are passed on
     */
    public void relay(CompatCall call, String query, Map<String, String> clientHeaders, ResponseSink sink) throws IOException {
        Meter meter = Meter.of(call.protocol, call.hideUsageChunk);
        if (call.upstream == null) {
            long input = OfflineReplies.estimateTokens(call.body);
            String text = OfflineReplies.text(call.skills.stream().map(Trace.SkillRef::name).toList(), input);
            byte[] bytes = call.stream
                    ? OfflineReplies.stream(call.protocol, call.traceId, text, input, !call.hideUsageChunk)
                    : OfflineReplies.complete(call.protocol, call.traceId, text, input);
            meter.tally().text.append(text);
            meter.tally().input = input;
            meter.tally().model = OfflineReplies.MODEL;
            // No model, nothing to hurry: durable before the answer, as /chat is.
            journal.append(trace(call, "offline", meter.tally(), null), call.raw);
            sink.start(200, call.stream ? "text/event-stream; charset=utf-8" : "application/json", Map.of());
            sink.write(bytes, 0, bytes.length);
            sink.flush();
            return;
        }
        Relay.Outcome outcome;
        try {
            outcome = relay.send(call.upstream, withQuery(call.protocol == Protocol.ANTHROPIC ? "/v1/messages" : "/chat/completions",
                    query), call.body, clientHeaders, meter, sink);
        } catch (CompatException e) {
            record(call, call.upstream.provider(), meter.tally(), e.getMessage());
            throw e;
        }
        record(call, call.upstream.provider(), meter.tally(), outcome.error());
    }

    /**
     * Anthropic's {@code count_tokens}, with the skills that a call would inject counted too. Not traced:
     * no model answers. Offline, an estimate.
     */
    public void countTokens(CompatCall call, String query, Map<String, String> clientHeaders, ResponseSink sink) throws IOException {
        if (call.upstream == null) {
            byte[] bytes = JSON.writeValueAsBytes(JSON.createObjectNode()
                    .put("input_tokens", OfflineReplies.estimateTokens(call.body)));
            sink.start(200, "application/json", Map.of());
            sink.write(bytes, 0, bytes.length);
            sink.flush();
            return;
        }
        ObjectNode json = parse(call.body);
        json.remove(List.of("stream", "max_tokens", "stop_sequences", "temperature", "top_p", "top_k", "metadata"));
        relay.send(call.upstream, withQuery("/v1/messages/count_tokens", query), JSON.writeValueAsBytes(json), clientHeaders,
                Meter.of(Protocol.ANTHROPIC, false), sink);
    }

    /**
     * The models a client can pick: the configured default model of each upstream, and the same with
     * {@link CompatSettings#OPT_OUT_SUFFIX}. OpenAI's list shape, or Anthropic's when asked.
     */
    public byte[] models(boolean anthropicShape) {
        List<String> ids = modelIds();
        ObjectNode out = JSON.createObjectNode();
        if (anthropicShape) {
            ArrayNode data = out.putArray("data");
            ids.forEach(id -> data.add(model(id, true, data)));
            out.put("has_more", false).put("first_id", ids.get(0)).put("last_id", ids.get(ids.size() - 1));
        } else {
            out.put("object", "list");
            ArrayNode data = out.putArray("data");
            ids.forEach(id -> data.add(model(id, false, data)));
        }
        return JSON.writeValueAsBytes(out);
    }

    /**
     * One model in the protocol's shape: a listed one, or any {@code claude-*} model while Anthropic is the
     * upstream (every such name is passed on as the client sent it).
     *
     * @throws CompatException 404 otherwise
     */
    public byte[] model(String id, boolean anthropicShape) {
        boolean passedOn = anthropic != null && id.startsWith("claude-") && id.matches("[A-Za-z0-9._+-]{1,100}");
        if (!modelIds().contains(id) && !passedOn) {
            throw new CompatException(404, "model '" + id.replaceAll("[^A-Za-z0-9._+-]", "?") + "' is not offered here; "
                    + "GET /v1/models lists what is");
        }
        return JSON.writeValueAsBytes(model(id, anthropicShape, JSON.createArrayNode()));
    }

    private static ObjectNode model(String id, boolean anthropicShape, ArrayNode factory) {
        ObjectNode m = factory.objectNode();
        if (anthropicShape) {
            return m.put("type", "model").put("id", id).put("display_name", id).put("created_at", "2026-01-01T00:00:00Z");
        }
        return m.put("id", id).put("object", "model").put("created", 0).put("owned_by", "llmos");
    }

    private List<String> modelIds() {
        List<String> ids = new ArrayList<>();
        for (Upstream up : new Upstream[] {anthropic, openAi}) {
            if (up != null) {
                ids.add(up.defaultModel());
                ids.add(up.defaultModel() + CompatSettings.OPT_OUT_SUFFIX);
            }
        }
        if (ids.isEmpty()) {
            ids.add(OfflineReplies.MODEL);
        }
        return ids;
    }

    /** The client's query string on the upstream path; one that is not plain URL characters is dropped. */
    private static String withQuery(String path, String query) {
        return query == null || query.isBlank() || !query.matches("[A-Za-z0-9._~%&=+,;:@/?!*'()-]{1,2000}")
                ? path : path + "?" + query;
    }

    private Upstream upstream(Protocol protocol) {
        Upstream own = protocol == Protocol.ANTHROPIC ? anthropic : openAi;
        Upstream other = protocol == Protocol.ANTHROPIC ? openAi : anthropic;
        if (own == null && other != null) {
            throw new CompatException(400, protocol == Protocol.ANTHROPIC
                    ? "LLMos has only an OpenAI-compatible model server configured (LLMOS_OPENAI_BASE_URL): "
                            + "use /v1/chat/completions, or set ANTHROPIC_API_KEY to use /v1/messages"
                    : "LLMos has only Anthropic configured (ANTHROPIC_API_KEY): use /v1/messages, "
                            + "or set LLMOS_OPENAI_BASE_URL to use /v1/chat/completions");
        }
        return own;
    }

    private static ObjectNode parse(byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new CompatException(400, "the request body is not valid JSON");
        }
        if (json == null || !json.isObject() || !json.path("messages").isArray()) {
            throw new CompatException(400, "the request body must be a JSON object with a 'messages' array");
        }
        return (ObjectNode) json;
    }

    /** Traced after the answer has gone out, so the client never waits for the commit. */
    private void record(CompatCall call, String provider, Meter.Tally tally, String error) {
        journal.appendAsync(trace(call, provider, tally, error), call.raw).whenComplete((t, e) -> {
            if (e != null) {
                log.warn("trace {} of a compatibility call was not saved: {}", call.traceId, e.toString());
            }
        });
    }

    private Trace trace(CompatCall call, String provider, Meter.Tally tally, String error) {
        String model = tally.model == null || tally.model.isBlank() ? call.model : tally.model;
        Usage usage = tally.usage();
        return new Trace(call.traceId, call.time, call.userId, call.teamId, call.turn.conversationId(),
                call.protocol == Protocol.ANTHROPIC ? "anthropic-messages" : "openai-chat", call.turn.text(), tally.answer(),
                call.skills, provider, model, new Trace.TokenUsage(usage.inputTokens(), usage.outputTokens(),
                        usage.cacheCreationInputTokens(), usage.cacheReadInputTokens()),
                prices.cost(model, usage), (System.nanoTime() - call.startNanos) / 1_000_000,
                error == null ? "ok" : "error", error, null, null, null, call.step);
    }
}
