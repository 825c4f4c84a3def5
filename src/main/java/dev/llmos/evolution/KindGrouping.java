package dev.llmos.evolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Pass 2 of {@link PatternDetector}: groups the items no rewording group took by their recognised
 * kind ({@link TaskKinds}), and keeps a kind's group only when it stands out from the rest of the
 * batch (see {@link #groupBlock}). A kind with more items than {@code kindBlock} is first cut into
 * blocks of nearby vectors (median splits along random directions), so the work stays O(n · block).
 *
 * <p>Why separation and not just coherence: requests of one kind are only loosely similar pair by
 * pair (0.1-0.25 cosine), and a batch of unrelated requests (Arena-Hard) has every kind in numbers
 * with the same pairwise similarity, so any bar on a kind's own coherence either keeps its
 * false groups or drops the true ones. What differs is contrast: a user's repeated kind of request
 * is markedly closer to itself than to the user's other requests, in meaning or in form.
 */
final class KindGrouping {

    private final PatternDetector.Tuning tuning;
    private final int minCount;

    KindGrouping(PatternDetector.Tuning tuning, int minCount) {
        this.tuning = tuning;
        this.minCount = minCount;
    }

    List<int[]> groups(float[][] vectors, String[] kinds, RequestForm[] forms, boolean[] taken) {
        int n = kinds.length;
        boolean embedded = Arrays.stream(vectors).allMatch(v -> v != null);
        int dims = embedded && n > 0 ? vectors[0].length : 0;
        FormSpace space = new FormSpace(forms);
        // sums over the whole batch and over each kind (taken items too): "the rest" is their difference
        double[] batchVector = new double[dims];
        double[] batchForm = new double[space.size()];
        Map<String, double[]> kindVector = new HashMap<>();
        Map<String, double[]> kindForm = new HashMap<>();
        Map<String, Integer> kindCount = new HashMap<>();
        for (int i = 0; i < n; i++) {
            add(batchVector, dims > 0 ? vectors[i] : null);
            space.add(batchForm, i);
            if (kinds[i] != null) {
                add(kindVector.computeIfAbsent(kinds[i], k -> new double[dims]), dims > 0 ? vectors[i] : null);
                space.add(kindForm.computeIfAbsent(kinds[i], k -> new double[space.size()]), i);
                kindCount.merge(kinds[i], 1, Integer::sum);
            }
        }
        TreeMap<String, List<Integer>> byKind = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (kinds[i] != null && !taken[i]) {
                byKind.computeIfAbsent(kinds[i], k -> new ArrayList<>()).add(i);
            }
        }
        List<int[]> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byKind.entrySet()) {
            int outside = n - kindCount.get(e.getKey());
            Rest rest = new Rest(minus(batchVector, kindVector.get(e.getKey())), minus(batchForm, kindForm.get(e.getKey())), outside);
            List<int[]> blocks = new ArrayList<>();
            split(e.getValue().stream().mapToInt(Integer::intValue).toArray(), vectors, new SplittableRandom(NeighbourIndex.SEED), blocks);
            for (int[] block : blocks) {
                int[] group = groupBlock(block, vectors, dims, space, rest);
                if (group != null) {
                    out.add(group);
                }
            }
        }
        return out;
    }

    /** The rest of the batch (items of other kinds or none): its vector and form sums and its size. */
    private record Rest(double[] vector, double[] form, int size) {
    }

    /**
     * Trims a kind's block of its least typical members (at most {@code kindTrim} of them, worst
     * first by mean similarity to the others), then keeps the rest as a group when it has
     * {@code kindCore} members and stands out from the rest of the batch: its mean pairwise
     * embedding cosine exceeds its members' mean cosine to the rest by {@code kindCosineMargin},
     * or the same in form space ({@link RequestForm}) by {@code kindFormMargin}. Means decompose
     * into sums (a member's mean to the others is its dot product with the group's sum, minus
     * itself), so nothing compares all pairs.
     */
    private int[] groupBlock(int[] block, float[][] vectors, int dims, FormSpace space, Rest rest) {
        int core = Math.max(minCount, tuning.kindCore());
        if (block.length < core) {
            return null;
        }
        List<Integer> members = new ArrayList<>();
        for (int i : block) {
            members.add(i);
        }
        int drops = (int) Math.floor(block.length * tuning.kindTrim());
        double[] vectorSum = new double[dims];
        double[] formSum = new double[space.size()];
        for (int i : members) {
            add(vectorSum, dims > 0 ? vectors[i] : null);
            space.add(formSum, i);
        }
        while (drops > 0 && members.size() > core) {
            // drop the worst few at a time: a twentieth of the group, so large blocks take ~20 rounds
            int step = Math.min(drops, Math.min(members.size() - core, Math.max(1, members.size() / 20)));
            int m = members.size();
            double[] typical = new double[m];
            for (int k = 0; k < m; k++) {
                int i = members.get(k);
                double cos = dims > 0 ? (dot(vectors[i], vectorSum) - selfDot(vectors[i])) / (m - 1) : 0;
                double form = (space.dot(i, formSum) - space.selfDot(i)) / (m - 1);
                typical[k] = dims > 0 ? 0.5 * cos + 0.5 * form : form;
            }
            Integer[] order = new Integer[m];
            for (int k = 0; k < m; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (x, y) -> typical[x] != typical[y] ? Double.compare(typical[x], typical[y]) : Integer.compare(x, y));
            boolean[] drop = new boolean[m];
            for (int k = 0; k < step; k++) {
                drop[order[k]] = true;
                int i = members.get(order[k]);
                subtract(vectorSum, dims > 0 ? vectors[i] : null);
                space.subtract(formSum, i);
            }
            List<Integer> kept = new ArrayList<>();
            for (int k = 0; k < m; k++) {
                if (!drop[k]) {
                    kept.add(members.get(k));
                }
            }
            members = kept;
            drops -= step;
        }
        int m = members.size();
        double pairs = (double) m * (m - 1);
        double selfVector = 0;
        double selfForm = 0;
        for (int i : members) {
            selfVector += dims > 0 ? selfDot(vectors[i]) : 0;
            selfForm += space.selfDot(i);
        }
        boolean distinct = false;
        if (dims > 0) {
            double within = (dot(vectorSum, vectorSum) - selfVector) / pairs;
            double toRest = rest.size() == 0 ? 0 : dot(vectorSum, rest.vector()) / ((double) m * rest.size());
            distinct = within - toRest >= tuning.kindCosineMargin();
        }
        double withinForm = (dot(formSum, formSum) - selfForm) / pairs;
        double formToRest = rest.size() == 0 ? 0 : dot(formSum, rest.form()) / ((double) m * rest.size());
        distinct |= withinForm - formToRest >= tuning.kindFormMargin();
        if (!distinct) {
            return null;
        }
        return members.stream().mapToInt(Integer::intValue).sorted().toArray();
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
     * Form grams as dense ids: the masked vocabulary is small, so a batch has a few thousand
     * distinct grams, and sums over them are plain arrays.
     */
    private static final class FormSpace {
        private final int[][] ids;
        private final double[] weight;
        private final int size;

        FormSpace(RequestForm[] forms) {
            Map<Long, Integer> index = new HashMap<>();
            ids = new int[forms.length][];
            weight = new double[forms.length];
            for (int i = 0; i < forms.length; i++) {
                long[] grams = forms[i].grams();
                ids[i] = new int[grams.length];
                for (int k = 0; k < grams.length; k++) {
                    ids[i][k] = index.computeIfAbsent(grams[k], g -> index.size());
                }
                weight[i] = forms[i].weight();
            }
            size = index.size();
        }

        int size() {
            return size;
        }

        void add(double[] sum, int item) {
            for (int id : ids[item]) {
                sum[id] += weight[item];
            }
        }

        void subtract(double[] sum, int item) {
            for (int id : ids[item]) {
                sum[id] -= weight[item];
            }
        }

        double dot(int item, double[] sum) {
            double s = 0;
            for (int id : ids[item]) {
                s += sum[id];
            }
            return s * weight[item];
        }

        double selfDot(int item) {
            return ids[item].length * weight[item] * weight[item];
        }
    }

    private static void add(double[] sum, float[] v) {
        if (v != null) {
            for (int d = 0; d < sum.length; d++) {
                sum[d] += v[d];
            }
        }
    }

    private static void subtract(double[] sum, float[] v) {
        if (v != null) {
            for (int d = 0; d < sum.length; d++) {
                sum[d] -= v[d];
            }
        }
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = a.clone();
        for (int d = 0; d < out.length; d++) {
            out[d] -= b[d];
        }
        return out;
    }

    private static double dot(float[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
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
