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
 * The Anthropic- and OpenAI-compatible endpoints. A client's request goes to the upstream its model routes
 * to ({@link ModelRoutes}) with the caller's skills put in front of its system prompt: as sent, with the
 * answer relayed byte for byte, when the upstream speaks the client's protocol; translated both ways when
 * it does not ({@link UpstreamRequests}, {@link Meter.Translating}). What the person asked is read per
 * protocol ({@link TurnReader}): skills are chosen for their words, once per turn (a tool loop's later
 * calls get the same skills, byte for byte), and every call is traced like a chat, as a step of its turn.
 * With no model configured at all the answer says so, in the client's protocol.
 */
public final class CompatGateway {

    private static final Logger log = LoggerFactory.getLogger(CompatGateway.class);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String ANTHROPIC_DEFAULT_BASE = "https://api.anthropic.com";

    private final SkillSelector selector;
    private final TraceJournal journal;
    private final PriceTable prices;
    private final CompatSettings settings;
    private final ModelRoutes routes;
    private final Relay relay;
    private final TurnMemory turns = new TurnMemory();
    private final ResponseStore responses = new ResponseStore();

    public CompatGateway(SkillSelector selector, TraceJournal journal, PriceTable prices, LlmSettings llm,
                         CompatSettings settings) {
        this.selector = selector;
        this.journal = journal;
        this.prices = prices;
        this.settings = settings;
        Upstream anthropic = llm.anthropicApiKey() == null ? null : new Upstream(Protocol.ANTHROPIC,
                llm.anthropicBaseUrl() == null ? ANTHROPIC_DEFAULT_BASE : llm.anthropicBaseUrl(), llm.anthropicApiKey(),
                llm.anthropicModel() == null ? AnthropicProvider.DEFAULT_MODEL : llm.anthropicModel(), false);
        Upstream openAi = llm.openAiBaseUrl() == null ? null : new Upstream(Protocol.OPENAI, llm.openAiBaseUrl(),
                llm.openAiApiKey(), llm.openAiModel() == null ? OpenAiCompatibleProvider.DEFAULT_MODEL : llm.openAiModel(),
                settings.openAiResponses());
        this.routes = new ModelRoutes(anthropic, openAi, settings.routes());
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
     * @throws CompatException 400 for a body that is not a request of the protocol, something that cannot be
     *                         translated to the upstream's protocol, or an unknown {@code previous_response_id}
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
        ObjectNode json = parse(protocol, body);
        String model = json.path("model").asString("");
        boolean optedOut = model.endsWith(CompatSettings.OPT_OUT_SUFFIX);
        if (optedOut) {
            skillsOff = true;
            model = model.substring(0, model.length() - CompatSettings.OPT_OUT_SUFFIX.length());
            json.put("model", model);
        }
        String caller = userId + "\u0000" + teamId;
        ArrayNode earlier = earlier(protocol, caller, json);
        boolean stream = json.path("stream").asBoolean(false);
        Turn turn = switch (protocol) {
            case ANTHROPIC -> TurnReader.anthropic(json, headers);
            case OPENAI -> TurnReader.openAiChat(json, headers);
            case RESPONSES -> TurnReader.responses(json, headers);
        };
        RawRequest raw = RawRequests.of(protocol, json, turn);
        if (turn.personsRequest()) {
            turns.rememberPersonTurn(caller, turn.conversationKey(), turn.turnId());
        }
        List<Trace.SkillRef> refs = List.of();
        String block = null;
        if (!skillsOff) {
            TurnMemory.Chosen chosen = turns.chosen(caller, turn.turnId());
            if (chosen == null) {
                chosen = choose(userId, teamId, turn.text());
                turns.remember(caller, turn.turnId(), chosen);
            }
            refs = chosen.refs();
            block = chosen.block();
        }
        ArrayNode responsesInput = protocol == Protocol.RESPONSES ? UpstreamRequests.responsesInput(json, earlier) : null;
        String traceId = journal.newId(time);
        ClientAnswers.Context answer;
        ModelRoutes.Route route = routes.pick(protocol, model);
        if (route == null) {
            answer = new ClientAnswers.Context(clientId(protocol, traceId), OfflineReplies.MODEL, stream,
                    protocol != Protocol.OPENAI || json.path("stream_options").path("include_usage").asBoolean(false), Map.of());
            return new CompatCall(protocol, userId, teamId, traceId, time, start, turn, step(caller, turn), raw, refs, skillsOff,
                    model, stream, false, body, null, protocol, answer, List.of(), responsesInput);
        }
        UpstreamRequests.Built built = UpstreamRequests.build(protocol, json, route.upstream(), route.model(), earlier, block,
                settings);
        answer = new ClientAnswers.Context(clientId(protocol, traceId), route.model(), stream,
                json.path("stream_options").path("include_usage").asBoolean(false), built.tools());
        return new CompatCall(protocol, userId, teamId, traceId, time, start, turn, step(caller, turn), raw, refs, skillsOff,
                route.model(), stream, built.hideUsageChunk(), built.bytes(body, optedOut || earlier != null), route.upstream(), built.wire(),
                answer, built.dropped(), responsesInput);
    }

    /** The conversation of a Responses request's {@code previous_response_id}, or null when it names none. */
    private ArrayNode earlier(Protocol protocol, String caller, ObjectNode json) {
        String previous = json.path("previous_response_id").asString(null);
        if (protocol != Protocol.RESPONSES || previous == null || previous.isBlank()) {
            return null;
        }
        ModelRoutes.Route route = routes.pick(protocol, json.path("model").asString(""));
        if (route != null && route.upstream().speaks(protocol) == protocol) {
            return null; // relayed to a server that serves the Responses API itself: it knows its responses
        }
        ArrayNode known = responses.get(caller, previous);
        if (known == null) {
            throw new CompatException(400, "previous_response_id '" + previous.replaceAll("[^A-Za-z0-9_-]", "?")
                    + "' is not known to LLMos: it keeps the last " + ResponseStore.CAPACITY + " responses it translated, in "
                    + "memory and per caller; send the whole conversation as 'input' instead (as Codex does with store: false)");
        }
        json.remove("previous_response_id");
        return known;
    }

    /** The answer's id as the client's protocol names them. */
    private static String clientId(Protocol protocol, String traceId) {
        String suffix = traceId.substring("trace_".length());
        return switch (protocol) {
            case ANTHROPIC -> "msg_" + suffix;
            case OPENAI -> "chatcmpl-" + suffix;
            case RESPONSES -> "resp_" + suffix;
        };
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
        if (call.upstream == null) {
            offline(call, sink);
            return;
        }
        Meter meter = call.translated()
                ? new Meter.Translating(call.protocol, call.wire, ClientAnswers.of(call.protocol, call.answer))
                : Meter.of(call.protocol, call.hideUsageChunk);
        Relay.Outcome outcome;
        try {
            outcome = relay.send(call.upstream, withQuery(call.upstream.path(call.wire), call.translated() ? null : query),
                    call.body, call.wire == Protocol.ANTHROPIC && call.protocol == Protocol.ANTHROPIC ? clientHeaders : Map.of(),
                    meter, sink);
        } catch (CompatException e) {
            record(call, call.upstream.provider(), meter.tally(), e.getMessage());
            throw e;
        }
        if (meter instanceof Meter.Translating t && t.answer() instanceof ResponsesAnswer r && outcome.error() == null) {
            ArrayNode conversation = call.responsesInput.deepCopy();
            r.outputItems().forEach(conversation::add);
            responses.put(call.userId + "\u0000" + call.teamId, call.answer.id(), conversation);
        }
        record(call, call.upstream.provider(), meter.tally(), outcome.error());
    }

    /** No model configured: an honest answer in the client's protocol, durable before it goes out, as /chat's is. */
    private void offline(CompatCall call, ResponseSink sink) throws IOException {
        long input = OfflineReplies.estimateTokens(call.body);
        String text = OfflineReplies.text(call.skills.stream().map(Trace.SkillRef::name).toList(), input);
        ClientAnswers answer = ClientAnswers.of(call.protocol, call.answer);
        Usage usage = new Usage(input, 0, 0, 0);
        answer.accept(new AnswerEvent.Started(call.answer.id(), OfflineReplies.MODEL, usage));
        answer.accept(new AnswerEvent.TextDelta(text));
        answer.accept(new AnswerEvent.Finished(AnswerEvent.Stop.END, usage));
        byte[] bytes = call.stream ? answer.drain() : JSON.writeValueAsBytes(answer.body());
        Meter.Tally tally = new Meter.Tally();
        tally.text.append(text);
        tally.input = input;
        tally.model = OfflineReplies.MODEL;
        journal.append(trace(call, "offline", tally, null), call.raw);
        sink.start(200, call.stream ? "text/event-stream; charset=utf-8" : "application/json", Map.of());
        sink.write(bytes, 0, bytes.length);
        sink.flush();
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
        if (call.wire != Protocol.ANTHROPIC) {
            throw new CompatException(400, "count_tokens is Anthropic's: the model '" + call.model
                    + "' is served by an OpenAI-compatible server, which has no token counting");
        }
        ObjectNode json = parse(Protocol.ANTHROPIC, call.body);
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
        boolean passedOn = routes.anthropicConfigured() && id.startsWith("claude-") && id.matches("[A-Za-z0-9._+-]{1,100}");
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
        for (Upstream up : routes.upstreams()) {
            {
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

    private static ObjectNode parse(Protocol protocol, byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new CompatException(400, "the request body is not valid JSON");
        }
        if (protocol == Protocol.RESPONSES) {
            if (json == null || !json.isObject() || !(json.path("input").isArray() || json.path("input").isString())) {
                throw new CompatException(400, "the request body must be a JSON object with an 'input' (a string or a list of items)");
            }
        } else if (json == null || !json.isObject() || !json.path("messages").isArray()) {
            throw new CompatException(400, "the request body must be a JSON object with a 'messages' array");
        }
        return (ObjectNode) json;
    }

    private static String source(Protocol protocol) {
        return switch (protocol) {
            case ANTHROPIC -> "anthropic-messages";
            case OPENAI -> "openai-chat";
            case RESPONSES -> "openai-responses";
        };
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
                source(call.protocol), call.turn.text(), tally.answer(),
                call.skills, provider, model, new Trace.TokenUsage(usage.inputTokens(), usage.outputTokens(),
                        usage.cacheCreationInputTokens(), usage.cacheReadInputTokens()),
                prices.cost(model, usage), (System.nanoTime() - call.startNanos) / 1_000_000,
                error == null ? "ok" : "error", error, call.step);
    }
}
