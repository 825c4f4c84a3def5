package dev.llmos.compat;

import java.time.Instant;
import java.util.List;

import dev.llmos.trace.RawRequest;
import dev.llmos.trace.Trace;
import dev.llmos.turn.Turn;
import tools.jackson.databind.node.ArrayNode;

/**
 * One prepared compatibility call: the caller, the skills injected, where it goes and the exact bytes
 * that go upstream. Made by {@link CompatGateway#prepare}, used once by {@link CompatGateway#relay}.
 */
public final class CompatCall {

    /** The client's protocol. */
    final Protocol protocol;
    final String userId;
    final String teamId;
    final String traceId;
    final Instant time;
    final long startNanos;
    /** What the person asked and where the call sits in its conversation. */
    final Turn turn;
    /** The turn the trace is filed under (a sub-agent's call: the person's turn it ran in). */
    final Trace.TurnStep step;
    /** The audit copy of the request as sent, before skills were injected. */
    final RawRequest raw;
    final List<Trace.SkillRef> skills;
    final boolean skillsOff;
    /** The model asked of the upstream. */
    final String model;
    final boolean stream;
    final boolean hideUsageChunk;
    final byte[] body;
    /** Null when no model is configured at all: the offline answer. */
    final Upstream upstream;
    /** The protocol the upstream is asked in; another than the client's means the answer is translated. */
    final Protocol wire;
    /** How the answer is written for the client when it is translated (or offline). */
    final ClientAnswers.Context answer;
    /** What could not be translated and was left out ({@code LLMOS_COMPAT_DROP_UNSUPPORTED}). */
    final List<String> dropped;
    /** For a Responses client: the conversation so far (earlier responses and this input), kept with the answer. */
    final ArrayNode responsesInput;

    CompatCall(Protocol protocol, String userId, String teamId, String traceId, Instant time, long startNanos, Turn turn,
               Trace.TurnStep step, RawRequest raw, List<Trace.SkillRef> skills, boolean skillsOff, String model,
               boolean stream, boolean hideUsageChunk, byte[] body, Upstream upstream, Protocol wire,
               ClientAnswers.Context answer, List<String> dropped, ArrayNode responsesInput) {
        this.protocol = protocol;
        this.userId = userId;
        this.teamId = teamId;
        this.traceId = traceId;
        this.time = time;
        this.startNanos = startNanos;
        this.turn = turn;
        this.step = step;
        this.raw = raw;
        this.skills = List.copyOf(skills);
        this.skillsOff = skillsOff;
        this.model = model;
        this.stream = stream;
        this.hideUsageChunk = hideUsageChunk;
        this.body = body;
        this.upstream = upstream;
        this.wire = wire;
        this.answer = answer;
        this.dropped = List.copyOf(dropped);
        this.responsesInput = responsesInput;
    }

    /** The id the call's trace will have (it is written once the answer has been relayed). */
    public String traceId() {
        return traceId;
    }

    /** Ids of the skills injected, sorted; empty when none fitted or the caller opted out. */
    public List<String> skillIds() {
        return skills.stream().map(Trace.SkillRef::id).sorted().toList();
    }

    public boolean skillsOff() {
        return skillsOff;
    }

    public boolean stream() {
        return stream;
    }

    /** What could not be translated and was left out, for the {@code x-llmos-dropped} header; usually empty. */
    public List<String> dropped() {
        return dropped;
    }

    /** The conversation id the call's trace is filed under (shared by every call of the client's conversation). */
    public String conversationId() {
        return turn.conversationId();
    }

    boolean translated() {
        return upstream != null && wire != protocol;
    }
}
