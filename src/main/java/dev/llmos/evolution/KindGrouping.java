package dev.llmos.evolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Pass 2 of {@link PatternDetector}: groups the items no rewording group took by their recognised
 * kind ({@link TaskKinds}), keeping only a kind's coherent core (see {@link #groupBlock}). A kind
 * with more items than {@code kindBlock} is first cut into blocks of nearby vectors (median splits
 * along random directions), so the work stays O(n · block).
 */
final class KindGrouping {

    private final PatternDetector.Tuning tuning;
    private final int minCount;

    KindGrouping(PatternDetector.Tuning tuning, int minCount) {
        this.tuning = tuning;
        this.minCount = minCount;
    }

    List<int[]> groups(float[][] vectors, TextFeatures features, String[] kinds, RequestForm[] forms, boolean[] taken) {
        TreeMap<String, List<Integer>> byKind = new TreeMap<>();
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] != null && !taken[i]) {
                byKind.computeIfAbsent(kinds[i], k -> new ArrayList<>()).add(i);
            }
        }
        List<int[]> blocks = new ArrayList<>();
        for (List<Integer> members : byKind.values()) {
            split(members.stream().mapToInt(Integer::intValue).toArray(), vectors, new SplittableRandom(NeighbourIndex.SEED), blocks);
        }
        List<int[]> out = new ArrayList<>();
        for (int[] block : blocks) {
            out.addAll(groupBlock(block, vectors, features, forms));
        }
        return out;
    }

    private void split(int[] members, float[][] vectors, SplittableRandom random, List<int[]> blocks) {
        if (members.length <= tuning.kindBlock()) {
            blocks.add(members);
            return;
        }
        int half = members.length / 2;
        float[] direction = NeighbourIndex.planes(random, 1, dims(vectors))[0];
        double[] projection = new double[members.length];
        for (int k = 0; k < members.length; k++) {
            float[] v = vectors[members[k]];
            projection[k] = v == null || direction.length == 0 ? k : NeighbourIndex.dot(v, direction); // no vector: by position
        }
        Integer[] order = new Integer[members.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (x, y) -> projection[x] != projection[y] ? Double.compare(projection[x], projection[y]) : Integer.compare(x, y));
        int[] left = new int[half];
        int[] right = new int[members.length - half];
        for (int k = 0; k < members.length; k++) {
            int item = members[order[k]];
            if (k < half) {
                left[k] = item;
            } else {
                right[k - half] = item;
            }
        }
        Arrays.sort(left);
        Arrays.sort(right);
        split(left, vectors, random, blocks);
        split(right, vectors, random, blocks);
    }

    /**
     * Peels a kind's block to its coherent core: every member whose mean similarity to the other
     * members is below {@code kindThreshold} is dropped, and again, until none is; the rest is a
     * group when it still has {@code kindCore} members. Means over a whole group are far steadier than
     * single pairs (same-kind requests are only loosely similar pair by pair), and they decompose:
     * a member's mean cosine to the others is its dot product with the group's sum, minus itself.
     */
    private List<int[]> groupBlock(int[] block, float[][] vectors, TextFeatures features, RequestForm[] forms) {
        boolean embedded = Arrays.stream(block).allMatch(i -> vectors[i] != null);
        double wCos = embedded ? tuning.kindCosine() : 0;
        double wLex = embedded ? tuning.kindLexical() : tuning.kindLexical() + tuning.kindCosine();
        double wForm = tuning.kindForm();
        int dims = embedded ? dims(vectors) : 0;
        List<Integer> members = new ArrayList<>();
        for (int i : block) {
            members.add(i);
        }
        while (members.size() >= Math.max(2, minCount)) {
            float[] vectorSum = new float[dims];
            java.util.Map<Integer, Double> termSum = new java.util.HashMap<>();
            java.util.Map<Long, Double> formSum = new java.util.HashMap<>();
            for (int i : members) {
                if (dims > 0) {
                    for (int d = 0; d < dims; d++) {
                        vectorSum[d] += vectors[i][d];
                    }
                }
                for (int k = 0; k < features.terms[i].length; k++) {
                    termSum.merge(features.terms[i][k], (double) features.weights[i][k], Double::sum);
                }
                for (long g : forms[i].grams()) {
                    formSum.merge(g, forms[i].weight(), Double::sum);
                }
            }
            int m = members.size();
            List<Integer> kept = new ArrayList<>();
            for (int i : members) {
                double cos = dims > 0 ? (NeighbourIndex.dot(vectors[i], vectorSum) - selfDot(vectors[i])) / (m - 1) : 0;
                double lex = 0;
                double self = 0;
                for (int k = 0; k < features.terms[i].length; k++) {
                    double w = features.weights[i][k];
                    lex += w * termSum.get(features.terms[i][k]);
                    self += w * w;
                }
                lex = (lex - self) / (m - 1);
                double form = 0;
                for (long g : forms[i].grams()) {
                    form += forms[i].weight() * formSum.get(g);
                }
                form = (form - forms[i].grams().length * forms[i].weight() * forms[i].weight()) / (m - 1);
                if (wCos * cos + wLex * lex + wForm * form >= tuning.kindThreshold()) {
                    kept.add(i);
                }
            }
            if (kept.size() == members.size()) {
                break;
            }
            members = kept;
        }
        if (members.size() < Math.max(minCount, tuning.kindCore())) {
            return List.of();
        }
        return List.of(members.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double selfDot(float[] v) {
        return NeighbourIndex.dot(v, v);
    }

    private static int dims(float[][] vectors) {
        for (float[] v : vectors) {
            if (v != null) {
                return v.length;
            }
        }
        return 0;
    }
}
