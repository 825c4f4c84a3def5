package dev.llmos.agent;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.llmos.llm.Cancellation;
import dev.llmos.llm.Usage;

/**
 * One run in progress: who started it, its shared budgets, and the one {@link Cancellation} every
 * model call of every agent in it listens to, so stopping the run stops them all at once.
 */
public final class AgentRun {

    private final String runId;
    private final String userId;
    private final String teamId;
    private final Agent agent;
    private final String task;
    private final String model;
    private final String source;
    final Cancellation cancellation = new Cancellation();
    final AtomicInteger subagents = new AtomicInteger();
    final AtomicInteger agents = new AtomicInteger();
    final AtomicLong tokens = new AtomicLong();
    /** Why the run was stopped from outside a step: {@code cancelled}, {@code time} or {@code tokens}. */
    private final AtomicReference<String> stopped = new AtomicReference<>();
    final Semaphore calls;
    private Usage usage = Usage.NONE;
    private double costUsd;

    AgentRun(String runId, String userId, String teamId, Agent agent, String task, String model, String source, int parallelism) {
        this.runId = runId;
        this.userId = userId;
        this.teamId = teamId;
        this.agent = agent;
        this.task = task;
        this.model = model;
        this.source = source;
        this.calls = new Semaphore(parallelism, true);
    }

    public String runId() {
        return runId;
    }

    public String userId() {
        return userId;
    }

    String teamId() {
        return teamId;
    }

    public Agent agent() {
        return agent;
    }

    String task() {
        return task;
    }

    String model() {
        return model;
    }

    String source() {
        return source;
    }

    /** Stops every agent of the run (the client went away, or asked). */
    public void cancel() {
        stop("cancelled");
    }

    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    /** Records why the run stops (the first reason wins), then cancels every model call in flight. */
    void stop(String reason) {
        stopped.compareAndSet(null, reason);
        cancellation.cancel();
    }

    String stopped() {
        return stopped.get();
    }

    synchronized void add(Usage used, double cost) {
        usage = usage.plus(used);
        costUsd += cost;
    }

    synchronized Usage usage() {
        return usage;
    }

    synchronized double costUsd() {
        return costUsd;
    }
}
