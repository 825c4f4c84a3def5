package dev.llmos.evolution;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a rewording group whose members fall into blocks that each repeat their own material: the
 * same restaurant description, the same puzzle's objects, the same pasted passage. One template
 * over several fixed inputs is several repeated requests, one per input; a template over ever-new
 * input stays one group, because no input repeats.
 *
 * <p>A block is marked by terms that occur in every one of its members and in no other member of
 * the group ({@code marks} of them at least). Blocks that cut across the material (the extra
 * wording every task adds at one level) are marked too; the split keeps the set of disjoint blocks
 * that covers the most members, so the blocks of material win. The group is split only when at
 * least two blocks cover {@code minCover} of it; members outside every block stay together when
 * they are enough for a group of their own, else they become noise.
 *
 * <p>A block needs more than {@code minCount} members. Six rewordings of one task often change
 * their wording halfway, so that each half has words of its own; splitting a group into halves of
 * the smallest pattern size was the commonest false split on FollowBench (docs/benchmarks.md).
 */
final class MaterialSplit {

    /** Candidate blocks searched at most (the most strongly marked), and search steps at most. */
    private static final int MAX_CANDIDATES = 24;
    private static final int MAX_STEPS = 20_000;

    private final int minCount;
    private final int marks;
    private final double minCover;

    MaterialSplit(int minCount, int marks, double minCover) {
        this.minCount = minCount;
        this.marks = marks;
        this.minCover = minCover;
    }

    /** The group itself (ascending item indexes), or its blocks (each ascending, ordered by first member). */
    List<int[]> split(int[] group, TextFeatures features) {
        int m = group.length;
        if (m < 2 * (minCount + 1)) {
            return List.of(group);
        }
        // members (positions in the group) of each term
        Map<Integer, BitSet> holders = new HashMap<>();
        for (int pos = 0; pos < m; pos++) {
            for (int t : features.terms[group[pos]]) {
                holders.computeIfAbsent(t, k -> new BitSet(m)).set(pos);
            }
        }
        Map<BitSet, Integer> markCount = new HashMap<>();
        for (BitSet s : holders.values()) {
            int c = s.cardinality();
            if (c > minCount && c < m - minCount) {
                markCount.merge(s, 1, Integer::sum);
            }
        }
        List<Map.Entry<BitSet, Integer>> candidates = markCount.entrySet().stream()
                .filter(e -> e.getValue() >= marks)
                .sorted(Comparator.<Map.Entry<BitSet, Integer>>comparingInt(e -> -e.getValue())
                        .thenComparingInt(e -> -e.getKey().cardinality())
                        .thenComparing(e -> e.getKey().toString()))
                .limit(MAX_CANDIDATES)
                .toList();
        if (candidates.size() < 2) {
            return List.of(group);
        }
        BitSet[] blocks = candidates.stream().map(Map.Entry::getKey).toArray(BitSet[]::new);
        Packing best = new Packing();
        best.search(blocks, 0, new BitSet(m), new ArrayList<>());
        if (best.blocks.size() < 2 || best.covered < minCover * m) {
            return List.of(group);
        }
        List<int[]> out = new ArrayList<>();
        BitSet rest = new BitSet(m);
        rest.set(0, m);
        for (int b : best.blocks) {
            out.add(blocks[b].stream().map(pos -> group[pos]).toArray());
            rest.andNot(blocks[b]);
        }
        if (rest.cardinality() >= minCount) {
            out.add(rest.stream().map(pos -> group[pos]).toArray());
        }
        out.sort(Comparator.comparingInt(g -> g[0]));
        return out;
    }

    /** The best set of disjoint blocks found: most members covered, then fewest blocks, then first found. */
    private static final class Packing {
        private int covered = -1;
        private List<Integer> blocks = List.of();
        private int steps;

        /** Depth-first over the blocks in candidate order, each taken or left, within a step budget. */
        void search(BitSet[] candidates, int next, BitSet used, List<Integer> chosen) {
            if (++steps > MAX_STEPS) {
                return;
            }
            int c = used.cardinality();
            if (c > covered || c == covered && chosen.size() < blocks.size()) {
                covered = c;
                blocks = List.copyOf(chosen);
            }
            for (int b = next; b < candidates.length; b++) {
                if (!candidates[b].intersects(used)) {
                    used.or(candidates[b]);
                    chosen.add(b);
                    search(candidates, b + 1, used, chosen);
                    chosen.remove(chosen.size() - 1);
                    used.andNot(candidates[b]);
                }
            }
        }
    }
}
