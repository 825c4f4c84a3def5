package dev.llmos.evolution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.llmos.trace.Feedback;
import dev.llmos.trace.Trace;

/**
 * Whether each exchange worked, as far as the traces tell:
 * <ol>
 * <li>feedback decides when there is any: {@code up} 1, {@code down} 0;</li>
 * <li>else a failed call ({@code outcome: error}) is 0;</li>
 * <li>else an exchange the person immediately asked again or rephrased (the next turn of the
 * same conversation, within {@link #REASK_WINDOW}, whose request is very similar) is 0;</li>
 * <li>else 1.</li>
 * </ol>
 */
final class SuccessSignals {

    static final Duration REASK_WINDOW = Duration.ofMinutes(3);
    static final double REASK_COSINE = 0.85;
    static final double REASK_JACCARD = 0.6;

    private SuccessSignals() {
    }

    /**
     * @param traces   oldest first
     * @param feedback by trace id
     * @param vectors  per trace (same order), null entries when there is no vector
     */
    static double[] of(List<Trace> traces, Map<String, Feedback> feedback, float[][] vectors) {
        double[] out = new double[traces.size()];
        Map<String, Integer> nextInConversation = new HashMap<>();
        int[] next = new int[traces.size()];
        for (int i = traces.size() - 1; i >= 0; i--) {
            String conversation = traces.get(i).conversationId();
            Integer later = conversation == null ? null : nextInConversation.get(conversation);
            next[i] = later == null ? -1 : later;
            if (conversation != null) {
                nextInConversation.put(conversation, i);
            }
        }
        for (int i = 0; i < traces.size(); i++) {
            Trace t = traces.get(i);
            Feedback f = feedback.get(t.id());
            if (f != null) {
                out[i] = "up".equals(f.rating()) ? 1 : 0;
            } else if (!t.ok()) {
                out[i] = 0;
            } else if (next[i] >= 0 && reasked(t, traces.get(next[i]), vectors[i], vectors[next[i]])) {
                out[i] = 0;
            } else {
                out[i] = 1;
            }
        }
        return out;
    }

    private static boolean reasked(Trace t, Trace next, float[] a, float[] b) {
        Duration gap = Duration.between(t.time(), next.time());
        if (gap.isNegative() || gap.compareTo(REASK_WINDOW) > 0) {
            return false;
        }
        if (a != null && b != null) {
            return cosine(a, b) >= REASK_COSINE;
        }
        return jaccard(words(t.request()), words(next.request())) >= REASK_JACCARD;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** Lower-case words of letters and digits. */
    static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        if (text == null) {
            return out;
        }
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        List<String> small = new ArrayList<>(a.size() <= b.size() ? a : b);
        Set<String> large = a.size() <= b.size() ? b : a;
        int both = 0;
        for (String w : small) {
            if (large.contains(w)) {
                both++;
            }
        }
        return (double) both / (a.size() + b.size() - both);
    }
}
