package dev.llmos.evolution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a grouping matches known labels. Items outside every pattern ({@code -1}) count as
 * singletons for ARI and NMI: leaving an item out is neither a right nor a wrong merge.
 */
public final class ClusteringMetrics {

    /** A label is "recovered" when one pattern at least this pure holds more than half of its items. */
    static final double RECOVERY_PURITY = 0.9;
    /** Labels with fewer items are not expected to form a pattern and are not counted in recovery. */
    static final int RECOVERABLE_SIZE = 3;

    /**
     * @param labels            distinct labels
     * @param recoverableLabels labels with at least {@value #RECOVERABLE_SIZE} items
     * @param recoveredLabels   of those, how many are recovered (see {@link #RECOVERY_PURITY})
     * @param purity            share of items in patterns that carry their pattern's majority label (0 without patterns)
     * @param ari               adjusted Rand index, noise as singletons
     * @param nmi               normalized mutual information (arithmetic mean of the entropies), noise as singletons
     * @param itemsInPatterns   share of items in some pattern
     */
    public record Scores(int items, int labels, int patterns, int recoverableLabels, int recoveredLabels,
                         double purity, double ari, double nmi, double itemsInPatterns) {
        public double groupsRecovered() {
            return recoverableLabels == 0 ? 0 : (double) recoveredLabels / recoverableLabels;
        }
    }

    private ClusteringMetrics() {
    }

    /** Scores {@code patterns} (lists of item indexes, disjoint) against one label per item. */
    public static Scores score(List<String> labels, List<List<Integer>> patterns) {
        int n = labels.size();
        int[] truth = index(labels);
        int[] predicted = new int[n];
        java.util.Arrays.fill(predicted, -1);
        for (int p = 0; p < patterns.size(); p++) {
            for (int i : patterns.get(p)) {
                if (predicted[i] != -1) {
                    throw new IllegalArgumentException("item " + i + " is in two patterns");
                }
                predicted[i] = p;
            }
        }
        int labelCount = 0;
        for (int t : truth) {
            labelCount = Math.max(labelCount, t + 1);
        }
        int[] labelSize = new int[labelCount];
        for (int t : truth) {
            labelSize[t]++;
        }
        int inPatterns = 0;
        int majority = 0;
        boolean[] recovered = new boolean[labelCount];
        for (List<Integer> pattern : patterns) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (int i : pattern) {
                counts.merge(truth[i], 1, Integer::sum);
            }
            int best = 0;
            int bestLabel = -1;
            for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                if (e.getValue() > best) {
                    best = e.getValue();
                    bestLabel = e.getKey();
                }
            }
            inPatterns += pattern.size();
            majority += best;
            if (!pattern.isEmpty() && (double) best / pattern.size() >= RECOVERY_PURITY && 2 * best > labelSize[bestLabel]) {
                recovered[bestLabel] = true;
            }
        }
        int recoverable = 0;
        int recoveredCount = 0;
        for (int l = 0; l < labelCount; l++) {
            if (labelSize[l] >= RECOVERABLE_SIZE) {
                recoverable++;
                if (recovered[l]) {
                    recoveredCount++;
                }
            }
        }
        int[] clusters = new int[n];
        int next = patterns.size();
        for (int i = 0; i < n; i++) {
            clusters[i] = predicted[i] >= 0 ? predicted[i] : next++; // noise: a singleton each
        }
        return new Scores(n, labelCount, patterns.size(), recoverable, recoveredCount,
                inPatterns == 0 ? 0 : (double) majority / inPatterns, ari(truth, clusters), nmi(truth, clusters),
                n == 0 ? 0 : (double) inPatterns / n);
    }

    /** Adjusted Rand index of two partitions given as one cluster id per item. */
    static double ari(int[] a, int[] b) {
        Map<Long, Integer> cells = new HashMap<>();
        Map<Integer, Integer> rows = new HashMap<>();
        Map<Integer, Integer> cols = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            cells.merge(((long) a[i] << 32) | (b[i] & 0xffffffffL), 1, Integer::sum);
            rows.merge(a[i], 1, Integer::sum);
            cols.merge(b[i], 1, Integer::sum);
        }
        double index = cells.values().stream().mapToDouble(ClusteringMetrics::pairs).sum();
        double sumA = rows.values().stream().mapToDouble(ClusteringMetrics::pairs).sum();
        double sumB = cols.values().stream().mapToDouble(ClusteringMetrics::pairs).sum();
        double expected = sumA * sumB / pairs(a.length);
        double max = (sumA + sumB) / 2;
        if (max == expected) {
            return 1.0; // both partitions trivial (all singletons or one cluster): identical structure
        }
        return (index - expected) / (max - expected);
    }

    /** Normalized mutual information, MI / mean(H(a), H(b)); 1 when both partitions are trivial. */
    static double nmi(int[] a, int[] b) {
        int n = a.length;
        Map<Long, Integer> cells = new HashMap<>();
        Map<Integer, Integer> rows = new HashMap<>();
        Map<Integer, Integer> cols = new HashMap<>();
        for (int i = 0; i < n; i++) {
            cells.merge(((long) a[i] << 32) | (b[i] & 0xffffffffL), 1, Integer::sum);
            rows.merge(a[i], 1, Integer::sum);
            cols.merge(b[i], 1, Integer::sum);
        }
        double mi = 0;
        for (Map.Entry<Long, Integer> e : cells.entrySet()) {
            int r = rows.get((int) (e.getKey() >> 32));
            int c = cols.get((int) (long) e.getKey());
            double nij = e.getValue();
            mi += nij / n * Math.log(nij * n / ((double) r * c));
        }
        double ha = entropy(rows.values(), n);
        double hb = entropy(cols.values(), n);
        if (ha + hb == 0) {
            return 1.0;
        }
        return Math.max(0, mi / ((ha + hb) / 2));
    }

    private static double entropy(Iterable<Integer> sizes, int n) {
        double h = 0;
        for (int s : sizes) {
            double p = (double) s / n;
            h -= p * Math.log(p);
        }
        return h;
    }

    private static double pairs(double k) {
        return k * (k - 1) / 2;
    }

    private static int[] index(List<String> labels) {
        Map<String, Integer> ids = new HashMap<>();
        int[] out = new int[labels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.computeIfAbsent(labels.get(i), k -> ids.size());
        }
        return out;
    }
}
