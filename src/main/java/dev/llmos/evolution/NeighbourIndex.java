package dev.llmos.evolution;

import java.util.Arrays;
import java.util.SplittableRandom;

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

    /** Unique candidate pairs, each as {@code (long) i << 32 | j} with i < j, sorted. */
    static long[] candidatePairs(float[][] vectors, TextFeatures features) {
        int n = vectors.length;
        PairBuffer pairs = new PairBuffer();
        boolean anyVector = false;
        for (float[] v : vectors) {
            anyVector |= v != null;
        }
        if (anyVector) {
            int bits = Math.max(1, Math.min(20, (int) Math.round(Math.log((double) n / BUCKET_TARGET) / Math.log(2))));
            int dims = firstDims(vectors);
            for (int table = 0; table < TABLES; table++) {
                float[][] planes = planes(new SplittableRandom(SEED + table), bits, dims);
                int[] signatures = new int[n];
                java.util.stream.IntStream.range(0, n).parallel()
                        .forEach(i -> signatures[i] = vectors[i] == null ? 0 : signature(vectors[i], planes));
                long[] keyed = new long[n];
                int m = 0;
                for (int i = 0; i < n; i++) {
                    if (vectors[i] != null) {
                        keyed[m++] = ((long) signatures[i] << 32) | i;
                    }
                }
                addBuckets(Arrays.copyOf(keyed, m), pairs, true);
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
        addBuckets(Arrays.copyOf(keyed, m), pairs, false);
        return pairs.sortedUnique();
    }

    /**
     * Sorts (key, item) longs and links the items of each key: all pairs, or, when crowded, a window
     * (hash buckets) or nothing (a term that common is not distinctive).
     */
    private static void addBuckets(long[] keyed, PairBuffer pairs, boolean windowCrowded) {
        Arrays.sort(keyed);
        int start = 0;
        while (start < keyed.length) {
            int end = start + 1;
            while (end < keyed.length && (keyed[end] >>> 32) == (keyed[start] >>> 32)) {
                end++;
            }
            int size = end - start;
            int reach = size <= MAX_BUCKET ? size : windowCrowded ? WINDOW : 0;
            for (int a = start; a < end; a++) {
                for (int b = a + 1; b < Math.min(end, a + reach); b++) {
                    pairs.add((int) keyed[a], (int) keyed[b]);
                }
            }
            start = end;
        }
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

    static double dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
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
