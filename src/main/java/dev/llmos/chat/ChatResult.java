package dev.llmos.chat;

import java.util.List;

import dev.llmos.trace.Trace;

/** A finished, durably traced exchange. */
public record ChatResult(String response, List<Trace.SkillRef> skills, String traceId, String conversationId,
                         String provider, String model, Trace.TokenUsage usage, double costUsd, long latencyMs,
                         String stopReason) {

    /** The seed's {@code skills_used}: the names of the skills in the prompt. */
    public List<String> skillsUsed() {
        return skills.stream().map(Trace.SkillRef::name).toList();
    }
}
