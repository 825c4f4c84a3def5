package dev.llmos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The baseline of {@code bench evolution --baseline T}: connected components of the graph of all
 * pairs with MiniLM cosine at least T (single linkage), groups of at least {@code minCount}.
 * O(n²) on purpose: it is the naive approach the detector is measured against.
 */
final class NaiveDetector {

    private NaiveDetector() {
    }

    static List<List<Integer>> groups(List<float[]> vectors, double threshold, int minCount) {
        int n = vectors.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                float dot = 0;
                float[] a = vectors.get(i);
                float[] b = vectors.get(j);
                for (int d = 0; d < a.length; d++) {
                    dot += a[d] * b[d];
                }
                if (dot >= threshold) {
                    parent[find(parent, i)] = find(parent, j);
                }
            }
        }
        Map<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
        }
        return groups.values().stream().filter(g -> g.size() >= minCount).toList();
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
