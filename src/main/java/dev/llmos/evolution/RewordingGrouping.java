package dev.llmos.evolution;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Pass 1 of {@link PatternDetector}: groups rewordings of one task. Candidate pairs whose similarity
 * passes {@code pairThreshold} are taken strongest first; two groups merge only when their average
 * similarity over all cross pairs passes {@code rewordThreshold} (average linkage, restricted to
 * the candidate graph). Single linkage would chain look-alike tasks (the same template over other
 * data) into one group; the average keeps them apart.
 *
 * <p>Similarity is a weighted mean of embedding cosine and tf-idf cosine; when any item lacks a
 * vector, it is tf-idf cosine alone against the lexical thresholds. Average similarities are exact
 * and cheap: the mean pairwise cosine of two groups is the dot product of their vector sums
 * divided by the pair count, so each group keeps only its sums.
 */
final class RewordingGrouping {

    private final PatternDetector.Tuning tuning;

    RewordingGrouping(PatternDetector.Tuning tuning) {
        this.tuning = tuning;
    }

    /** A group root per item. */
    int[] groups(float[][] vectors, TextFeatures features) {
        int n = vectors.length;
        boolean embedded = Arrays.stream(vectors).allMatch(v -> v != null);
        double w = embedded ? tuning.embeddingWeight() : 0;
        double pairBar = embedded ? tuning.pairThreshold() : tuning.lexicalPairThreshold();
        double groupBar = embedded ? tuning.rewordThreshold() : tuning.lexicalThreshold();
        NeighbourIndex.PairScore score = (i, j) -> {
            if (w == 0) {
                return features.cosine(i, j);
            }
            double cos = NeighbourIndex.dot(vectors[i], vectors[j]);
            // tf-idf cosine is at most 1: skip it when even that could not lift the pair over the bar
            return w * cos + (1 - w) < pairBar ? -1 : w * cos + (1 - w) * features.cosine(i, j);
        };
        long[] pairs = NeighbourIndex.candidatePairs(vectors, features, score, pairBar);
        double[] sim = new double[pairs.length];
        IntStream.range(0, pairs.length).parallel().forEach(p -> sim[p] = score.score((int) (pairs[p] >>> 32), (int) pairs[p]));
        // strongest first, ties in pair order: sort (2 - similarity, pair index) as longs (positive float bits sort as numbers)
        long[] keyed = IntStream.range(0, pairs.length).filter(p -> sim[p] >= pairBar)
                .mapToLong(p -> (long) Float.floatToIntBits((float) (2 - sim[p])) << 32 | p).sorted().toArray();
        int[] order = new int[keyed.length];
        for (int k = 0; k < keyed.length; k++) {
            order[k] = (int) keyed[k];
        }

        PatternDetector.UnionFind uf = new PatternDetector.UnionFind(n);
        int[] size = new int[n];
        Arrays.fill(size, 1);
        long[] version = new long[n];
        long merges = 0;
        Map<Long, Long> refused = new HashMap<>();
        Map<Integer, float[]> vectorSums = new HashMap<>();
        Map<Integer, Map<Integer, Double>> termSums = new HashMap<>();
        for (int p : order) {
            int a = uf.find((int) (pairs[p] >>> 32));
            int b = uf.find((int) pairs[p]);
            if (a == b) {
                continue;
            }
            long key = (long) Math.min(a, b) << 32 | Math.max(a, b);
            long state = version[Math.min(a, b)] * 1_000_003L + version[Math.max(a, b)];
            Long before = refused.get(key);
            if (before != null && before == state) {
                continue; // these two groups were compared as they are and refused
            }
            double cross = (double) size[a] * size[b];
            double lex = sparseDot(terms(a, features, termSums), terms(b, features, termSums)) / cross;
            double average = w == 0 ? lex
                    : w * NeighbourIndex.dot(sum(a, vectors, vectorSums), sum(b, vectors, vectorSums)) / cross + (1 - w) * lex;
            if (average < groupBar) {
                refused.put(key, state);
                continue;
            }
            // the larger group's sums absorb the smaller's, in place
            int big = size[a] >= size[b] ? a : b;
            int small = big == a ? b : a;
            Map<Integer, Double> bigTerms = terms(big, features, termSums);
            terms(small, features, termSums).forEach((t, x) -> bigTerms.merge(t, x, Double::sum));
            float[] bigVector = null;
            if (w != 0) {
                bigVector = vectorSums.containsKey(big) ? vectorSums.get(big) : vectors[big].clone();
                float[] smallVector = sum(small, vectors, vectorSums);
                for (int d = 0; d < bigVector.length; d++) {
                    bigVector[d] += smallVector[d];
                }
            }
            vectorSums.remove(a);
            vectorSums.remove(b);
            termSums.remove(a);
            termSums.remove(b);
            uf.union(a, b);
            int root = uf.find(a);
            size[root] = size[a] + size[b];
            version[root] = ++merges;
            if (bigVector != null) {
                vectorSums.put(root, bigVector);
            }
            termSums.put(root, bigTerms);
        }
        int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            group[i] = uf.find(i);
        }
        return group;
    }

    /** The vector sum of a group (a singleton's own vector, shared, never written). */
    private static float[] sum(int root, float[][] vectors, Map<Integer, float[]> sums) {
        float[] s = sums.get(root);
        return s != null ? s : vectors[root];
    }

    private static Map<Integer, Double> terms(int root, TextFeatures features, Map<Integer, Map<Integer, Double>> sums) {
        Map<Integer, Double> s = sums.get(root);
        if (s != null) {
            return s;
        }
        Map<Integer, Double> single = new HashMap<>();
        for (int k = 0; k < features.terms[root].length; k++) {
            single.put(features.terms[root][k], (double) features.weights[root][k]);
        }
        sums.put(root, single);
        return single;
    }

    private static double sparseDot(Map<Integer, Double> a, Map<Integer, Double> b) {
        Map<Integer, Double> small = a.size() <= b.size() ? a : b;
        Map<Integer, Double> large = small == a ? b : a;
        double sum = 0;
        for (Map.Entry<Integer, Double> e : small.entrySet()) {
            Double x = large.get(e.getKey());
            if (x != null) {
                sum += e.getValue() * x;
            }
        }
        return sum;
    }
}
