package dev.llmos.llm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lets a caller stop a call in flight (e.g. the HTTP client went away). Providers register what
 * closes their upstream connection; {@link #cancel()} runs it at once.
 */
public final class Cancellation {

    private volatile boolean cancelled;
    private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();

    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        onCancel.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} on cancel (immediately if already cancelled). */
    public void onCancel(Runnable action) {
        onCancel.add(action);
        if (cancelled) {
            action.run();
        }
    }
}
