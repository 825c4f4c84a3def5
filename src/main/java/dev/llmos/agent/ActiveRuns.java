package dev.llmos.agent;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The runs in progress, so one can be cancelled by id (by its owner only) and shown as running. */
public final class ActiveRuns {

    private final ConcurrentMap<String, AgentRun> runs = new ConcurrentHashMap<>();

    void add(AgentRun run) {
        runs.put(run.runId(), run);
    }

    void remove(AgentRun run) {
        runs.remove(run.runId(), run);
    }

    /** The caller's run in progress; someone else's is not there. */
    public Optional<AgentRun> find(String userId, String runId) {
        AgentRun run = runs.get(runId);
        return run != null && run.userId().equals(userId) ? Optional.of(run) : Optional.empty();
    }

    /** Cancels the caller's run; false when it is not (or no longer) running. */
    public boolean cancel(String userId, String runId) {
        Optional<AgentRun> run = find(userId, runId);
        run.ifPresent(AgentRun::cancel);
        return run.isPresent();
    }
}
