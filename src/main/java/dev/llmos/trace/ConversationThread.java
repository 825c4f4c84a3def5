package dev.llmos.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A conversation as it reads now. Traces are never rewritten, so regenerating an answer or editing
 * a question and sending it again adds a turn that {@link Trace#replaces() replaces} an earlier one:
 * that turn and every turn after it leave the current thread, and the replaced turn is kept as an
 * earlier version of the new one. What the model is sent as history, and what the chat screen
 * shows, is this thread.
 */
public final class ConversationThread {

    /** One turn of the current thread, with the versions it replaced, oldest first. */
    public record Turn(Trace trace, List<Trace> earlier) {
        public Turn {
            earlier = List.copyOf(earlier);
        }
    }

    private ConversationThread() {
    }

    /** The current thread of a conversation's traces (given in any order), oldest turn first. */
    public static List<Turn> of(List<Trace> traces) {
        List<Trace> ordered = new ArrayList<>(traces);
        ordered.sort(java.util.Comparator.comparing(Trace::time).thenComparing(Trace::id));
        List<Trace> thread = new ArrayList<>();
        Map<String, List<Trace>> earlier = new HashMap<>();
        for (Trace t : ordered) {
            int at = t.replaces() == null ? -1 : indexOf(thread, t.replaces());
            if (at >= 0) {
                Trace replaced = thread.get(at);
                List<Trace> versions = new ArrayList<>(earlier.getOrDefault(replaced.id(), List.of()));
                versions.add(replaced);
                earlier.put(t.id(), versions);
                thread.subList(at, thread.size()).clear();
            }
            thread.add(t);
        }
        return thread.stream().map(t -> new Turn(t, earlier.getOrDefault(t.id(), List.of()))).toList();
    }

    /** The current thread's traces only, oldest first. */
    public static List<Trace> current(List<Trace> traces) {
        return of(traces).stream().map(Turn::trace).toList();
    }

    private static int indexOf(List<Trace> thread, String id) {
        for (int i = 0; i < thread.size(); i++) {
            if (thread.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
