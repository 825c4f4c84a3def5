package dev.llmos.agent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.llmos.llm.LlmException;
import dev.llmos.llm.LlmMessage;
import dev.llmos.llm.LlmProvider;
import dev.llmos.llm.LlmRequest;
import dev.llmos.llm.LlmResponse;
import dev.llmos.llm.LlmTool;
import dev.llmos.llm.PriceTable;
import dev.llmos.llm.Usage;
import dev.llmos.skill.Selection;
import dev.llmos.skill.Skill;
import dev.llmos.skill.SkillCatalog;
import dev.llmos.skill.SkillSelector;
import dev.llmos.skill.SkillText;
import dev.llmos.skill.SkillTools;
import dev.llmos.trace.Trace;
import dev.llmos.trace.TraceJournal;
import dev.llmos.volume.VolumeId;

/**
 * Runs an agent: it picks its skills for its task, then asks the model in a loop; when the model
 * calls {@code delegate}, the named sub-agents run (in parallel when one answer asks for several,
 * bounded by the run's call permits) and their results go back as tool results. Every agent ends
 * with a durable trace, linked to its parent's. Limits end a step or the run cleanly, keeping
 * what was done.
 */
public final class AgentRunner implements AutoCloseable {

    /** What asking to run an agent says. */
    public record RunRequest(String userId, String teamId, String agent, String task, String model, String source) {
    }

    /** How one agent of a run ended. {@code outcome}: ok, error, limit or cancelled. */
    public record StepResult(String traceId, String parentTraceId, String agent, int depth, String answer, String outcome,
                             String limit, String error, Trace.TokenUsage usage, double costUsd, long latencyMs) {
    }

    /** How a run ended: its first agent's result, and the totals of all its agents. */
    public record RunResult(String runId, StepResult root, int agents, Trace.TokenUsage usage, double costUsd,
                            long latencyMs, String provider) {
    }

    static final int MAX_TASK_CHARS = 100_000;
    private static final int MAX_TOOL_RESULT_CHARS = SkillTools.MAX_ANSWER_CHARS;

    private final AgentCatalog agents;
    private final SkillSelector selector;
    private final SkillTools skillTools;
    private final LlmProvider provider;
    private final PriceTable prices;
    private final TraceJournal journal;
    private final AgentSettings settings;
    private final ActiveRuns active;
    /** Sub-agents wait for their own children, so a fixed pool could starve; model calls are bounded by the run's permits. */
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "agent-step");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-run-timer");
        t.setDaemon(true);
        return t;
    });

    public AgentRunner(AgentCatalog agents, SkillCatalog skills, SkillSelector selector, LlmProvider provider,
                       PriceTable prices, TraceJournal journal, AgentSettings settings, ActiveRuns active) {
        this.agents = agents;
        this.selector = selector;
        this.skillTools = new SkillTools(skills, selector);
        this.provider = provider;
        this.prices = prices;
        this.journal = journal;
        this.settings = settings;
        this.active = active;
    }

    public AgentSettings settings() {
        return settings;
    }

    public LlmProvider provider() {
        return provider;
    }

    /**
     * Checks the request and registers the run, before anything streams: a missing agent, a bad
     * task or a model without tool calls are refused here as plain errors.
     */
    public AgentRun start(RunRequest request) {
        String task = request.task();
        if (task == null || task.isBlank()) {
            throw new InvalidRunRequestException("task", "must not be empty");
        }
        if (task.length() > MAX_TASK_CHARS) {
            throw new InvalidRunRequestException("task", "is longer than " + MAX_TASK_CHARS + " characters");
        }
        VolumeId.requireValidName(request.userId(), "user_id");
        if (request.agent() == null || !AgentParser.NAME.matcher(request.agent()).matches()) {
            throw new InvalidRunRequestException("agent", "must be an agent name (lower-case letters, digits, '-')");
        }
        Agent agent = agents.find(request.agent(), request.userId(), request.teamId())
                .orElseThrow(() -> new AgentNotFoundException(request.agent()));
        if (!provider.supportsTools()) {
            throw new ToolsUnsupportedException(provider.name());
        }
        String model = request.model() == null || request.model().isBlank() ? null : request.model().strip();
        AgentRun run = new AgentRun(journal.newId(Instant.now()), request.userId(), request.teamId(), agent, task, model,
                request.source() == null ? "agent" : request.source(), settings.parallelism());
        active.add(run);
        return run;
    }

    /** Runs what {@link #start} registered, on the calling thread, until the first agent has answered or stopped. */
    public RunResult execute(AgentRun run, RunListener listener) {
        long start = System.nanoTime();
        ScheduledFuture<?> deadline = timer.schedule(() -> run.stop("time"), settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            StepResult root = step(run, listener, run.agent(), run.task(), 0, null, run.runId());
            Usage u = run.usage();
            return new RunResult(run.runId(), root, run.agents.get(), tokens(u), run.costUsd(),
                    (System.nanoTime() - start) / 1_000_000, provider.name());
        } finally {
            deadline.cancel(false);
            active.remove(run);
        }
    }

    /** One agent of the run, from choosing its skills to its durable trace. */
    private StepResult step(AgentRun run, RunListener listener, Agent agent, String task, int depth, String parentTraceId,
                            String traceId) {
        run.agents.incrementAndGet();
        long start = System.nanoTime();
        Instant time = Instant.now();
        List<Trace.SkillRef> used = new ArrayList<>();
        List<Skill> chosen = new ArrayList<>();
        List<Skill> manifest = List.of();
        String outcome = "ok";
        String limit = null;
        String error = null;
        StringBuilder answer = new StringBuilder();
        List<String> gathered = new ArrayList<>();
        Usage usage = Usage.NONE;
        String model = agent.model() != null ? agent.model() : run.model() != null ? run.model() : provider.defaultModel();
        try {
            manifest = chooseSkills(run, agent, task, chosen, used);
            listener.onAgentStart(traceId, parentTraceId, agent.name(), depth, task, List.copyOf(used));
            List<LlmTool> tools = tools(agent, depth);
            List<LlmRequest.SystemBlock> system = AgentPrompt.system(agent, chosen, manifest,
                    tools.stream().map(LlmTool::name).toList(), delegates(run, agent));
            List<LlmMessage> messages = new ArrayList<>();
            messages.add(LlmMessage.user(task));
            int maxSteps = agent.maxSteps() > 0 ? Math.min(agent.maxSteps(), settings.maxSteps()) : settings.maxSteps();
            for (int n = 0; ; n++) {
                if (run.tokens.get() >= settings.maxTokens()) {
                    run.stop("tokens");
                }
                if (run.stopped() != null) {
                    break;
                }
                if (n >= maxSteps) {
                    limit = "steps";
                    listener.onLimit(traceId, agent.name(), "steps", agent.name() + " made " + maxSteps + " model calls");
                    break;
                }
                LlmRequest call = new LlmRequest(model, system, messages, settings.maxOutputTokens(), tools,
                        chosen.stream().map(Skill::name).toList(), run.cancellation);
                LlmResponse response = ask(run, call, delta -> {
                    answer.append(delta);
                    listener.onText(traceId, agent.name(), delta);
                });
                usage = usage.plus(response.usage());
                run.tokens.addAndGet(response.usage().inputTokens() + response.usage().outputTokens()
                        + response.usage().cacheCreationInputTokens() + response.usage().cacheReadInputTokens());
                model = response.model() == null ? model : response.model();
                if (!"tool_use".equals(response.stopReason()) || response.toolUses().isEmpty()) {
                    break;
                }
                messages.add(response.asAssistantTurn());
                messages.add(new LlmMessage(LlmMessage.Role.USER,
                        runTools(run, listener, agent, depth, traceId, response.toolUses(), used, gathered)));
            }
        } catch (LlmException e) {
            if (run.stopped() == null) {
                outcome = "error";
                error = e.kind().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancel();
        }
        String stopped = run.stopped();
        if (stopped != null && "ok".equals(outcome)) {
            if ("cancelled".equals(stopped)) {
                outcome = "cancelled";
                error = "the run was cancelled";
            } else {
                limit = stopped;
            }
        }
        if (limit != null) {
            outcome = "limit";
            error = limitText(limit);
            if (stopped != null && depth == 0) {
                listener.onLimit(traceId, agent.name(), limit, error);
            }
        }
        String response = answer.toString();
        if (!"ok".equals(outcome) && !gathered.isEmpty()) {
            // What the sub-agents finished is kept: it is what was done before the run stopped.
            response = (response.isBlank() ? "" : response.strip() + "\n\n") + "Results gathered before stopping:\n\n"
                    + String.join("\n\n", gathered);
        }
        long latency = (System.nanoTime() - start) / 1_000_000;
        double cost = prices.cost(model, usage);
        run.add(usage, cost);
        // Each agent's trace is a conversation of its own: siblings with similar tasks are not a person
        // asking again, which is what evolution reads into later turns of one conversation.
        Trace trace = new Trace(traceId, time, run.userId(), run.teamId(), traceId, run.source(), task, response, used,
                provider.name(), model, tokens(usage), cost, latency, outcome, error, run.runId(), parentTraceId, agent.name());
        Trace saved = journal.append(trace);
        StepResult result = new StepResult(traceId, parentTraceId, agent.name(), depth, saved.response(), outcome, limit,
                saved.error(), saved.usage(), cost, latency);
        listener.onAgentDone(result);
        return result;
    }

    private static String limitText(String limit) {
        return switch (limit) {
            case "steps" -> "stopped at the step limit";
            case "tokens" -> "stopped at the run's token limit";
            case "time" -> "stopped at the run's time limit";
            default -> "stopped at the " + limit + " limit";
        };
    }

    private LlmResponse ask(AgentRun run, LlmRequest call, dev.llmos.llm.LlmListener onText) throws InterruptedException {
        run.calls.acquire();
        try {
            return provider.stream(call, onText);
        } finally {
            run.calls.release();
        }
    }

    /** Pinned skills first (in the order written), then those selected for the task; drafts never. */
    private List<Skill> chooseSkills(AgentRun run, Agent agent, String task, List<Skill> chosen, List<Trace.SkillRef> used) {
        for (String id : agent.skills()) {
            findSkill(run, id).ifPresent(s -> {
                chosen.add(s);
                used.add(new Trace.SkillRef(s.id(), s.name(), s.volume(), s.commit(), "pinned"));
            });
        }
        Selection selection = selector.select(run.userId(), run.teamId(), task, settings.maxSkills(), settings.skillTokenBudget());
        for (Skill s : selection.chosen()) {
            if (chosen.stream().noneMatch(c -> c.id().equals(s.id()))) {
                chosen.add(s);
                used.add(new Trace.SkillRef(s.id(), s.name(), s.volume(), s.commit(),
                        selection.reasons().getOrDefault(s.id(), "retrieved")));
            }
        }
        return agent.may(Agent.LOAD_SKILL) ? selection.manifest() : List.of();
    }

    private Optional<Skill> findSkill(AgentRun run, String id) {
        return skillTools.find(run.userId(), run.teamId(), id);
    }

    private List<LlmTool> tools(Agent agent, int depth) {
        List<LlmTool> out = new ArrayList<>();
        if (agent.may(Agent.DELEGATE) && depth < settings.maxDepth() && settings.maxSubagents() > 0) {
            out.add(AgentPrompt.DELEGATE_TOOL);
        }
        if (agent.may(Agent.LOAD_SKILL)) {
            out.add(AgentPrompt.LOAD_SKILL_TOOL);
        }
        if (agent.may(Agent.SEARCH_SKILLS)) {
            out.add(AgentPrompt.SEARCH_SKILLS_TOOL);
        }
        return out;
    }

    private List<Agent> delegates(AgentRun run, Agent self) {
        if (!self.may(Agent.DELEGATE)) {
            return List.of();
        }
        return agents.visibleTo(run.userId(), run.teamId()).stream().filter(a -> !a.name().equals(self.name())).toList();
    }

    /** Runs one answer's tool calls: delegations in parallel, the rest in place; results in the order asked. */
    private List<LlmMessage.Content> runTools(AgentRun run, RunListener listener, Agent agent, int depth, String traceId,
                                              List<LlmMessage.ToolUse> uses, List<Trace.SkillRef> used,
                                              List<String> gathered) throws InterruptedException {
        Map<LlmMessage.ToolUse, Future<StepResult>> children = new LinkedHashMap<>();
        Map<LlmMessage.ToolUse, LlmMessage.ToolResult> results = new LinkedHashMap<>();
        for (LlmMessage.ToolUse use : uses) {
            if (Agent.DELEGATE.equals(use.name()) && agent.may(Agent.DELEGATE)) {
                String name = String.valueOf(use.input().getOrDefault("agent", "")).strip();
                String task = String.valueOf(use.input().getOrDefault("task", "")).strip();
                String refused = refuseDelegation(run, depth, name, task);
                if (refused != null) {
                    listener.onTool(traceId, agent.name(), Agent.DELEGATE, refused, true);
                    results.put(use, new LlmMessage.ToolResult(use.id(), refused, true));
                    continue;
                }
                Agent child = agents.find(name, run.userId(), run.teamId()).orElseThrow();
                String childId = journal.newId(Instant.now());
                listener.onTool(traceId, agent.name(), Agent.DELEGATE, name + ": " + SkillText.oneLine(task, 200), false);
                children.put(use, workers.submit(() -> step(run, listener, child, task, depth + 1, traceId, childId)));
            } else if (Agent.LOAD_SKILL.equals(use.name()) && agent.may(Agent.LOAD_SKILL)) {
                LlmMessage.ToolResult r = loadSkill(run, use, used);
                listener.onTool(traceId, agent.name(), Agent.LOAD_SKILL, String.valueOf(use.input().get("name")), r.isError());
                results.put(use, r);
            } else if (Agent.SEARCH_SKILLS.equals(use.name()) && agent.may(Agent.SEARCH_SKILLS)) {
                LlmMessage.ToolResult r = searchSkills(run, use);
                listener.onTool(traceId, agent.name(), Agent.SEARCH_SKILLS, String.valueOf(use.input().get("query")), r.isError());
                results.put(use, r);
            } else {
                results.put(use, new LlmMessage.ToolResult(use.id(), "tool '" + use.name() + "' is not available to this agent", true));
            }
        }
        for (var e : children.entrySet()) {
            StepResult child;
            try {
                child = e.getValue().get();
            } catch (ExecutionException failed) {
                // A bug or a storage failure in one sub-agent; the parent hears of it like of a model error.
                results.put(e.getKey(), new LlmMessage.ToolResult(e.getKey().id(),
                        "the sub-agent failed: " + failed.getCause(), true));
                continue;
            }
            results.put(e.getKey(), delegationResult(e.getKey(), child, gathered));
        }
        List<LlmMessage.Content> ordered = new ArrayList<>();
        for (LlmMessage.ToolUse use : uses) {
            ordered.add(results.get(use));
        }
        return ordered;
    }

    private String refuseDelegation(AgentRun run, int depth, String name, String task) {
        if (name.isEmpty() || task.isEmpty()) {
            return "delegate needs both 'agent' and 'task'";
        }
        if (depth + 1 > settings.maxDepth()) {
            return "delegation is not allowed this deep (depth limit " + settings.maxDepth() + "); do the task yourself";
        }
        if (agents.find(name, run.userId(), run.teamId()).isEmpty()) {
            return "no agent named '" + name + "'; available: " + String.join(", ",
                    agents.visibleTo(run.userId(), run.teamId()).stream().map(Agent::name).toList());
        }
        if (run.subagents.incrementAndGet() > settings.maxSubagents()) {
            return "this run has started its " + settings.maxSubagents()
                    + " sub-agents (the sub-agent limit); answer with what you have";
        }
        return null;
    }

    private static LlmMessage.ToolResult delegationResult(LlmMessage.ToolUse use, StepResult child, List<String> gathered) {
        String text = child.answer() == null ? "" : child.answer();
        if (text.length() > MAX_TOOL_RESULT_CHARS) {
            text = text.substring(0, MAX_TOOL_RESULT_CHARS) + "\n[truncated]";
        }
        switch (child.outcome()) {
            case "ok":
                synchronized (gathered) {
                    gathered.add("## " + child.agent() + "\n\n" + text.strip());
                }
                return new LlmMessage.ToolResult(use.id(), text, false);
            case "limit":
                synchronized (gathered) {
                    gathered.add("## " + child.agent() + " (partial)\n\n" + text.strip());
                }
                return new LlmMessage.ToolResult(use.id(), text + "\n\n[the sub-agent " + child.error()
                        + "; this is partial]", false);
            default:
                return new LlmMessage.ToolResult(use.id(), "the sub-agent '" + child.agent() + "' failed ("
                        + child.error() + ")" + (text.isBlank() ? "" : "; it had written:\n" + text), true);
        }
    }

    private LlmMessage.ToolResult loadSkill(AgentRun run, LlmMessage.ToolUse use, List<Trace.SkillRef> used) {
        SkillTools.Answer answer = skillTools.load(run.userId(), run.teamId(), String.valueOf(use.input().getOrDefault("name", "")), null);
        Skill s = answer.served();
        if (s != null) {
            synchronized (used) {
                if (used.stream().noneMatch(r -> r.id().equals(s.id()))) {
                    used.add(new Trace.SkillRef(s.id(), s.name(), s.volume(), s.commit(), "loaded"));
                }
            }
        }
        return new LlmMessage.ToolResult(use.id(), answer.text(), answer.error());
    }

    private LlmMessage.ToolResult searchSkills(AgentRun run, LlmMessage.ToolUse use) {
        SkillTools.Answer answer = skillTools.search(run.userId(), run.teamId(),
                String.valueOf(use.input().getOrDefault("query", "")), 10, settings.skillTokenBudget());
        return new LlmMessage.ToolResult(use.id(), answer.text(), answer.error());
    }

    /** Stops the timer and the workers (at shutdown; runs still going are cancelled by their clients going away). */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }

    private static Trace.TokenUsage tokens(Usage u) {
        return new Trace.TokenUsage(u.inputTokens(), u.outputTokens(), u.cacheCreationInputTokens(), u.cacheReadInputTokens());
    }
}
