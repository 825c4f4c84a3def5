package dev.llmos.evolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Candidate pairs for grouping without comparing every item with every other: items that share a
 * random-hyperplane hash bucket in any of several tables (close vectors), or share one of their
 * most distinctive terms. Buckets larger than {@link #MAX_BUCKET} (near-duplicates by the
 * thousand) are linked only within a sliding window, so the number of candidates per item stays
 * bounded and the whole costs O(n).
 */
final class NeighbourIndex {

    static final int TABLES = 8;
    /** Items per hash bucket aimed at: sets the number of bits per table from n. */
    static final int BUCKET_TARGET = 24;
    static final int MAX_BUCKET = 96;
    static final int WINDOW = 8;
    /** Terms per item that are indexed, and the most items one indexed term may link. */
    static final int TERMS_PER_ITEM = 8;
    static final long SEED = 0x5eed_1d_e7L;

    private NeighbourIndex() {
    }

    /** The similarity of two items, by index. */
    interface PairScore {
        double score(int i, int j);
    }

    /**
     * Unique candidate pairs whose score is at least {@code bar}, each as {@code (long) i << 32 | j}
     * with i < j, sorted. Pairs are scored bucket by bucket, where the bucket's few vectors stay in
     * cache (scoring them in pair order fetched a random vector from memory for every pair), and
     * the tables are scored in parallel; only passing pairs are kept, so the dedup sort is small.
     */
    static long[] candidatePairs(float[][] vectors, TextFeatures features, PairScore score, double bar) {
        int n = vectors.length;
        List<long[]> tables = new ArrayList<>();
        boolean anyVector = false;
        for (float[] v : vectors) {
            anyVector |= v != null;
        }
        if (anyVector) {
            int bits = Math.max(1, Math.min(20, (int) Math.round(Math.log((double) n / BUCKET_TARGET) / Math.log(2))));
            int dims = firstDims(vectors);
            float[][][] planes = new float[TABLES][][];
            for (int table = 0; table < TABLES; table++) {
                planes[table] = planes(new SplittableRandom(SEED + table), bits, dims);
            }
            int[][] signatures = new int[TABLES][n];
            IntStream.range(0, n).parallel().filter(i -> vectors[i] != null).forEach(i -> {
                for (int table = 0; table < TABLES; table++) {
                    signatures[table][i] = signature(vectors[i], planes[table]);
                }
            });
            for (int table = 0; table < TABLES; table++) {
                long[] keyed = new long[n];
                int m = 0;
                for (int i = 0; i < n; i++) {
                    if (vectors[i] != null) {
                        keyed[m++] = ((long) signatures[table][i] << 32) | i;
                    }
                }
                tables.add(Arrays.copyOf(keyed, m));
            }
        }
        long[] keyed = new long[n * TERMS_PER_ITEM];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int t : features.topTerms(i, TERMS_PER_ITEM)) {
                if (features.df[t] >= 2) {
                    keyed[m++] = ((long) t << 32) | i;
                }
            }
        }
        tables.add(Arrays.copyOf(keyed, m));
        int hashTables = tables.size() - 1;
        int[][] linked = new int[hashTables][];
        for (int t = 0; t < hashTables; t++) {
            linked[t] = linkedBuckets(tables.get(t), n);
        }
        List<long[]> passing = IntStream.range(0, tables.size()).parallel()
                .mapToObj(t -> scoreBuckets(tables.get(t), t < hashTables, Arrays.copyOf(linked, Math.min(t, hashTables)), score, bar))
                .toList();
        PairBuffer all = new PairBuffer();
        for (long[] p : passing) {
            for (long key : p) {
                all.add((int) (key >>> 32), (int) key);
            }
        }
        return all.sortedUnique();
    }

    /** Per item, its bucket in this table when that bucket links all its pairs (not crowded), else -1. */
    private static int[] linkedBuckets(long[] keyed, int n) {
        int[] bucket = new int[n];
        Arrays.fill(bucket, -1);
        long[] sorted = keyed.clone();
        Arrays.sort(sorted);
        int start = 0;
        while (start < sorted.length) {
            int end = start + 1;
            while (end < sorted.length && (sorted[end] >>> 32) == (sorted[start] >>> 32)) {
                end++;
            }
            if (end - start <= MAX_BUCKET) {
                for (int k = start; k < end; k++) {
                    bucket[(int) sorted[k]] = (int) (sorted[k] >>> 32);
                }
            }
            start = end;
        }
        return bucket;
    }

    /**
     * Sorts (key, item) longs and scores the items of each key: all pairs, or, when crowded, a
     * window (hash buckets) or nothing (a term that common is not distinctive). A pair that an
     * earlier table already scored in full ({@code earlier}) is skipped, so each is scored once.
     * Returns the passing pairs.
     */
    private static long[] scoreBuckets(long[] keyed, boolean windowCrowded, int[][] earlier, PairScore score, double bar) {
        Arrays.sort(keyed);
        PairBuffer pairs = new PairBuffer();
        int start = 0;
        while (start < keyed.length) {
            int end = start + 1;
            while (end < keyed.length && (keyed[end] >>> 32) == (keyed[start] >>> 32)) {
                end++;
            }
            int size = end - start;
            int reach = size <= MAX_BUCKET ? size : windowCrowded ? WINDOW : 0;
            for (int a = start; a < end; a++) {
                int i = (int) keyed[a];
                for (int b = a + 1; b < Math.min(end, a + reach); b++) {
                    int j = (int) keyed[b];
                    if (!scoredBefore(i, j, earlier) && score.score(i, j) >= bar) {
                        pairs.add(i, j);
                    }
                }
            }
            start = end;
        }
        return pairs.sortedUnique();
    }

    private static boolean scoredBefore(int i, int j, int[][] earlier) {
        for (int[] bucket : earlier) {
            if (bucket[i] >= 0 && bucket[i] == bucket[j]) {
                return true;
            }
        }
        return false;
    }

    static int signature(float[] v, float[][] planes) {
        int sig = 0;
        for (int p = 0; p < planes.length; p++) {
            if (dot(v, planes[p]) >= 0) {
                sig |= 1 << p;
            }
        }
        return sig;
    }

    static float[][] planes(SplittableRandom random, int count, int dims) {
        float[][] planes = new float[count][dims];
        for (float[] plane : planes) {
            for (int d = 0; d < dims; d++) {
                plane[d] = (float) gaussian(random);
            }
        }
        return planes;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Dot product with four independent sums, so that the JIT can pipeline it (pair scoring is the hot loop). */
    static double dot(float[] a, float[] b) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int n = Math.min(a.length, b.length);
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static int firstDims(float[][] vectors) {
        for (float[] v : vectors) {
            if (v != null) {
                return v.length;
            }
        }
        return 0;
    }

    /** A growable array of pair keys. */
    private static final class PairBuffer {
        private long[] keys = new long[1024];
        private int size;

        void add(int i, int j) {
            if (i == j) {
                return;
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, keys.length * 2);
            }
            keys[size++] = i < j ? ((long) i << 32) | j : ((long) j << 32) | i;
        }

        long[] sortedUnique() {
            long[] k = Arrays.copyOf(keys, size);
            Arrays.sort(k);
            int m = 0;
            for (int i = 0; i < k.length; i++) {
                if (i == 0 || k[i] != k[i - 1]) {
                    k[m++] = k[i];
                }
            }
            return Arrays.copyOf(k, m);
        }
    }
}
