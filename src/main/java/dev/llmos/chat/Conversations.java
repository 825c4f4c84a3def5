package dev.llmos.chat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmos.trace.Trace;
import dev.llmos.trace.TraceReader;

/**
 * Recent conversations kept in memory so a follow-up costs no scan of the trace store; a
 * conversation not in memory (after a restart, or evicted) is read back from the traces.
 */
final class Conversations {

    private static final int CAPACITY = 10_000;

    private final TraceReader reader;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, List<Trace>> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Trace>> eldest) {
            return size() > CAPACITY;
        }
    };

    Conversations(TraceReader reader) {
        this.reader = reader;
    }

    String newId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "conv_" + HexFormat.of().formatHex(bytes);
    }

    /** Earlier turns, oldest first; empty for a new conversation. */
    List<Trace> history(String userId, String conversationId, boolean known) {
        String key = userId + "/" + conversationId;
        synchronized (recent) {
            List<Trace> hit = recent.get(key);
            if (hit != null) {
                return List.copyOf(hit);
            }
        }
        if (!known) {
            return List.of();
        }
        List<Trace> loaded = reader.conversation(userId, conversationId);
        synchronized (recent) {
            recent.putIfAbsent(key, new ArrayList<>(loaded));
            return List.copyOf(recent.get(key));
        }
    }

    void add(Trace trace) {
        String key = trace.userId() + "/" + trace.conversationId();
        synchronized (recent) {
            recent.computeIfAbsent(key, k -> new ArrayList<>()).add(trace);
        }
    }
}
