package dev.llmos.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;

import dev.llmos.agent.AgentRun;
import dev.llmos.agent.AgentRunner;
import dev.llmos.agent.AgentSettings;
import dev.llmos.agent.RunListener;
import dev.llmos.trace.Trace;
import tools.jackson.databind.ObjectMapper;

/**
 * Streams an agent run as server-sent events; used by {@code POST /agents/{name}/run} and by
 * {@code /chat/stream} when the chat names an agent. The connection going away cancels the run.
 */
@Component
class AgentStreams {

    record Limits(int maxDepth, int maxSubagents, int maxSteps, long maxTokens, long timeoutSeconds, int parallelism) {
        static Limits of(AgentSettings s) {
            return new Limits(s.maxDepth(), s.maxSubagents(), s.maxSteps(), s.maxTokens(), s.timeout().toSeconds(), s.parallelism());
        }
    }

    record RunEvent(String runId, String agent, String provider, Limits limits) {
    }

    record AgentEvent(String traceId, String parentTraceId, String agent, int depth, String task, List<Trace.SkillRef> skills) {
    }

    record DeltaEvent(String traceId, String agent, String text) {
    }

    record ToolEvent(String traceId, String agent, String tool, String detail, boolean isError) {
    }

    record LimitEvent(String traceId, String agent, String limit, String detail) {
    }

    record DoneEvent(String runId, String traceId, String agent, String outcome, String limit, String error, String answer,
                     int agents, Trace.TokenUsage usage, double costUsd, long latencyMs, String provider) {
    }

    record ErrorEvent(String type, String title, String detail, String runId) {
    }

    private final AgentRunner runner;
    private final ObjectMapper json;

    AgentStreams(AgentRunner runner, ObjectMapper json) {
        this.runner = runner;
        this.json = json;
    }

    void stream(AgentRun run, HttpServletResponse response) {
        SseWriter sse = new SseWriter(response, json, run::cancel);
        sse.send("run", new RunEvent(run.runId(), run.agent().name(), runner.provider().name(), Limits.of(runner.settings())));
        RunListener listener = new RunListener() {
            @Override
            public void onAgentStart(String traceId, String parentTraceId, String agent, int depth, String task,
                                     List<Trace.SkillRef> skills) {
                sse.send("agent", new AgentEvent(traceId, parentTraceId, agent, depth, task, skills));
            }

            @Override
            public void onText(String traceId, String agent, String delta) {
                sse.send("delta", new DeltaEvent(traceId, agent, delta));
            }

            @Override
            public void onTool(String traceId, String agent, String tool, String detail, boolean error) {
                sse.send("tool", new ToolEvent(traceId, agent, tool, detail, error));
            }

            @Override
            public void onAgentDone(AgentRunner.StepResult step) {
                sse.send("agent_done", step);
            }

            @Override
            public void onLimit(String traceId, String agent, String limit, String detail) {
                sse.send("limit", new LimitEvent(traceId, agent, limit, detail));
            }
        };
        try {
            AgentRunner.RunResult r = runner.execute(run, listener);
            AgentRunner.StepResult root = r.root();
            sse.send("usage", Map.of("usage", r.usage(), "cost_usd", r.costUsd(), "provider", r.provider()));
            sse.send("done", new DoneEvent(r.runId(), root.traceId(), root.agent(), root.outcome(), root.limit(), root.error(),
                    root.answer(), r.agents(), r.usage(), r.costUsd(), r.latencyMs(), r.provider()));
        } catch (RuntimeException e) {
            sse.send("error", new ErrorEvent("https://llmos.dev/problems/internal", "Internal error",
                    "the run failed after it started streaming; what finished is in its traces", run.runId()));
        }
    }
}
