package dev.llmos.compat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmos.trace.Trace;

/**
 * What the calls of one turn share, kept in memory (bounded, least recently used out): the skills chosen
 * for the turn's first call, reused byte for byte by the tool loop's later calls so the prompt prefix
 * and with it the upstream's prompt cache hold; and each conversation's latest turn of the person's,
 * which a sub-agent's calls are folded into. Losing it (a restart) costs a fresh selection for the same
 * words, which gives the same skills unless they changed meanwhile.
 */
final class TurnMemory {

    /** Skills chosen for a turn: what the trace records and the exact block injected. */
    record Chosen(List<Trace.SkillRef> refs, String block) {
    }

    private static final int CAPACITY = 4096;

    private final Map<String, Chosen> chosen = lru();
    private final Map<String, String> personTurns = lru();

    /** Skills chosen earlier in this turn of this caller, or null. */
    Chosen chosen(String caller, String turnId) {
        synchronized (chosen) {
            return chosen.get(caller + "\u0000" + turnId);
        }
    }

    void remember(String caller, String turnId, Chosen skills) {
        synchronized (chosen) {
            chosen.put(caller + "\u0000" + turnId, skills);
        }
    }

    /** The latest turn of the person's in this conversation of this caller, or null. */
    String personTurn(String caller, String conversationKey) {
        synchronized (personTurns) {
            return personTurns.get(caller + "\u0000" + conversationKey);
        }
    }

    void rememberPersonTurn(String caller, String conversationKey, String turnId) {
        synchronized (personTurns) {
            personTurns.put(caller + "\u0000" + conversationKey, turnId);
        }
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }
}
