package dev.llmos.agent;

import java.util.List;

import dev.llmos.trace.Trace;

/** What a run reports as it goes. Called from several threads when sub-agents run in parallel. */
public interface RunListener {

    RunListener NONE = new RunListener() {
    };

    /** An agent of the run starts (the first one has no parent). */
    default void onAgentStart(String traceId, String parentTraceId, String agent, int depth, String task,
                              List<Trace.SkillRef> skills) {
    }

    /** Text from an agent's model. */
    default void onText(String traceId, String agent, String delta) {
    }

    /** An agent used a tool ({@code delegate}, {@code load_skill}, {@code search_skills}). */
    default void onTool(String traceId, String agent, String tool, String detail, boolean error) {
    }

    /** An agent finished; its trace is durable. */
    default void onAgentDone(AgentRunner.StepResult step) {
    }

    /** A limit was hit; {@code limit} is depth, subagents, steps, tokens or time. */
    default void onLimit(String traceId, String agent, String limit, String detail) {
    }
}
