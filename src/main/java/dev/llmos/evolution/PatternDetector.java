package dev.llmos.evolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups requests by what kind of thing was asked, and keeps the groups that repeat often enough
 * and succeed often enough to become skills. Two passes, both over bounded candidate pairs
 * ({@link NeighbourIndex}), never all pairs:
 * <ol>
 * <li><b>Rewordings of one task</b>: pairs whose embedding and tf-idf similarity together pass a
 * high bar are taken strongest first, and two groups merge when their average similarity passes
 * it too ({@link RewordingGrouping}). A group whose members fall into blocks that
 * each repeat their own material (one template over several fixed texts) is split into those
 * blocks ({@link MaterialSplit}).</li>
 * <li><b>One kind of task</b>: the items left over are split by recognised kind ({@link TaskKinds});
 * each kind is trimmed of its least typical members and kept only when it stands out from the
 * rest of the batch, in meaning (embedding) or in form ({@link RequestForm}), so that a common
 * kind among unrelated requests does not form a false pattern.</li>
 * </ol>
 * Deterministic: the same input gives the same patterns, whatever the thread scheduling.
 */
public final class PatternDetector {

    /**
     * @param minCount       smallest group that is a pattern (env {@code LLMOS_MIN_PATTERN_COUNT}, default 3)
     * @param minSuccessRate smallest mean success of a pattern's items (env {@code LLMOS_MIN_SUCCESS_RATE}, default 0.7)
     */
    public record Settings(int minCount, double minSuccessRate) {
        public Settings {
            if (minCount < 2) {
                throw new IllegalArgumentException("minCount must be at least 2, got " + minCount);
            }
            if (!(minSuccessRate >= 0 && minSuccessRate <= 1)) {
                throw new IllegalArgumentException("minSuccessRate must be within [0, 1], got " + minSuccessRate);
            }
        }

        /** The settings users get: the environment, else 3 and 0.7. */
        public static Settings defaults() {
            return from(System.getenv());
        }

        static Settings from(Map<String, String> env) {
            String count = env.get("LLMOS_MIN_PATTERN_COUNT");
            String rate = env.get("LLMOS_MIN_SUCCESS_RATE");
            return new Settings(count == null || count.isBlank() ? 3 : Integer.parseInt(count.strip()),
                    rate == null || rate.isBlank() ? 0.7 : Double.parseDouble(rate.strip()));
        }
    }

    /**
     * One request to group.
     *
     * @param vector  the all-MiniLM-L6-v2 embedding of {@code text} (384 floats, L2-normalised), or
     *                null when embeddings are off (then grouping is lexical only)
     * @param success 1.0 for a success, 0.0 for a failure (a double so that callers may weight)
     */
    public record Item(String id, String text, float[] vector, double success) {
    }

    /**
     * A group: indexes into the input list (ascending), its success rate, its most distinctive
     * terms (for naming), and a short label of the kind of task when recognised (e.g. "write code"), else null.
     */
    public record Pattern(List<Integer> members, double successRate, List<String> terms, String kind) {
    }

    /**
     * The internal thresholds, one setting for every data set (see docs/evolution.md and
     * docs/benchmarks.md): pass 1 weights and bars (with vectors, and lexical only); the words that
     * must mark a block of repeated material and the share of a group the blocks must cover for
     * {@link MaterialSplit}; pass 2's largest share of a kind trimmed, the margins by which a kind
     * must stand out from the rest of the batch (embedding cosine, form cosine), the smallest kind
     * group and the block size.
     */
    record Tuning(double embeddingWeight, double pairThreshold, double rewordThreshold,
                  double lexicalPairThreshold, double lexicalThreshold,
                  int materialMarks, double materialCover,
                  double kindTrim, double kindCosineMargin, double kindFormMargin, int kindCore, int kindBlock) {
        static final Tuning DEFAULT = new Tuning(0.6, 0.55, 0.55, 0.4, 0.4, 2, 0.8, 0.25, 0.125, 0.115, 5, 1_500);
    }

    private static final int NAME_TERMS = 5;

    private final Settings settings;
    private final Tuning tuning;

    public PatternDetector(Settings settings) {
        this(settings, Tuning.DEFAULT);
    }

    PatternDetector(Settings settings, Tuning tuning) {
        this.settings = settings;
        this.tuning = tuning;
    }

    public List<Pattern> detect(List<Item> items) {
        int n = items.size();
        if (n == 0) {
            return List.of();
        }
        float[][] vectors = new float[n][];
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            vectors[i] = items.get(i).vector();
            texts.add(items.get(i).text() == null ? "" : items.get(i).text());
        }
        TextFeatures features = TextFeatures.of(texts);
        String[] kinds = texts.parallelStream().map(TaskKinds::recognise).toArray(String[]::new);
        RequestForm[] forms = texts.parallelStream().map(RequestForm::of).toArray(RequestForm[]::new);

        int[] group = new RewordingGrouping(tuning).groups(vectors, features);
        boolean[] taken = new boolean[n];
        MaterialSplit split = new MaterialSplit(settings.minCount(), tuning.materialMarks(), tuning.materialCover());
        List<int[]> groups = new ArrayList<>();
        for (int[] g : components(group, settings.minCount())) {
            groups.addAll(split.split(g, features));
        }
        for (int[] g : groups) {
            for (int i : g) {
                taken[i] = true;
            }
        }
        groups.addAll(new KindGrouping(tuning, settings.minCount()).groups(vectors, kinds, forms, taken));

        List<Pattern> patterns = new ArrayList<>();
        for (int[] g : groups) {
            double success = 0;
            for (int i : g) {
                success += items.get(i).success();
            }
            double rate = success / g.length;
            if (g.length >= settings.minCount() && rate >= settings.minSuccessRate()) {
                patterns.add(new Pattern(Arrays.stream(g).boxed().toList(), rate, terms(g, features), kind(g, kinds)));
            }
        }
        patterns.sort(Comparator.<Pattern>comparingInt(p -> -p.members().size()).thenComparingInt(p -> p.members().get(0)));
        return List.copyOf(patterns);
    }

    /** Members of each group id with at least {@code min} items, ascending, ordered by first member. */
    static List<int[]> components(int[] group, int min) {
        Map<Integer, List<Integer>> byGroup = new HashMap<>();
        for (int i = 0; i < group.length; i++) {
            if (group[i] >= 0) {
                byGroup.computeIfAbsent(group[i], k -> new ArrayList<>()).add(i);
            }
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> members : byGroup.values()) {
            if (members.size() >= min) {
                out.add(members.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        out.sort(Comparator.comparingInt(g -> g[0]));
        return out;
    }

    /** Terms most of the group shares, rarest first: a name for the pattern. */
    private static List<String> terms(int[] members, TextFeatures features) {
        Map<Integer, Integer> count = new HashMap<>();
        for (int i : members) {
            for (int t : features.terms[i]) {
                count.merge(t, 1, Integer::sum);
            }
        }
        int n = features.terms.length;
        return count.entrySet().stream()
                .filter(e -> e.getValue() >= 2)
                .sorted(Comparator.<Map.Entry<Integer, Integer>>comparingDouble(
                                e -> -e.getValue() * TextFeatures.idf(n, features.df[e.getKey()]))
                        .thenComparing(e -> features.vocabulary.get(e.getKey())))
                .limit(NAME_TERMS)
                .map(e -> features.vocabulary.get(e.getKey()))
                .toList();
    }

    /** The kind at least half the members share, else null. */
    private static String kind(int[] members, String[] kinds) {
        Map<String, Integer> count = new HashMap<>();
        for (int i : members) {
            if (kinds[i] != null) {
                count.merge(kinds[i], 1, Integer::sum);
            }
        }
        return count.entrySet().stream()
                .filter(e -> 2 * e.getValue() >= members.length)
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    /** Disjoint sets with path halving; unions attach the larger root under the smaller, so roots are deterministic. */
    static final class UnionFind {
        private final int[] parent;

        UnionFind(int n) {
            parent = new int[n];
            for (int i = 0; i < n; i++) {
                parent[i] = i;
            }
        }

        int find(int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra != rb) {
                parent[Math.max(ra, rb)] = Math.min(ra, rb);
            }
        }
    }
}
