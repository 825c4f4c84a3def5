package dev.llmos.compat;

import java.time.Instant;
import java.util.List;

import dev.llmos.trace.Trace;

/**
 * One prepared compatibility call: the caller, the skills injected, and the exact bytes that go
 * upstream. Made by {@link CompatGateway#prepare}, used once by {@link CompatGateway#relay}.
 */
public final class CompatCall {

    final Protocol protocol;
    final String userId;
    final String teamId;
    final String traceId;
    final Instant time;
    final long startNanos;
    final String query;
    final List<Trace.SkillRef> skills;
    final boolean skillsOff;
    final String model;
    final boolean stream;
    final boolean hideUsageChunk;
    final byte[] body;
    /** Null when no model is configured at all: the offline answer. */
    final Upstream upstream;

    CompatCall(Protocol protocol, String userId, String teamId, String traceId, Instant time, long startNanos, String query,
               List<Trace.SkillRef> skills, boolean skillsOff, String model, boolean stream, boolean hideUsageChunk,
               byte[] body, Upstream upstream) {
        this.protocol = protocol;
        this.userId = userId;
        this.teamId = teamId;
        this.traceId = traceId;
        this.time = time;
        this.startNanos = startNanos;
        this.query = query;
        this.skills = List.copyOf(skills);
        this.skillsOff = skillsOff;
        this.model = model;
        this.stream = stream;
        this.hideUsageChunk = hideUsageChunk;
        this.body = body;
        this.upstream = upstream;
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
}
