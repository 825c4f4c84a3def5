package dev.llmos.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.llmos.skill.SkillEmbeddings;

/**
 * The detector at its default setting on the labelled sets of {@code ../shared/corpora}
 * (FollowBench, MT-Bench, Arena-Hard), with real MiniLM embeddings and lexically only. The
 * bounds are the figures measured in docs/benchmarks.md less a small margin; where they fall short
 * of the targets, the comment says so.
 */
class PatternDetectorCorporaTests {

    private static SkillEmbeddings embeddings;
    private static Path cache;
    private static final Map<String, float[]> VECTORS = new HashMap<>();

    @BeforeAll
    static void embedEverySetOnce() throws Exception {
        assumeTrue(LabelledSets.present(), "skipped: " + LabelledSets.ROOT.toAbsolutePath() + " is absent");
        cache = Files.createTempDirectory("llmos-evolution-test-");
        embeddings = SkillEmbeddings.load(cache);
        List<String> texts = new ArrayList<>();
        for (LabelledSets.Labelled set : List.of(LabelledSets.followBench(), LabelledSets.mtBench(), LabelledSets.arenaHard())) {
            texts.addAll(set.texts());
        }
        List<float[]> vectors = embeddings.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            VECTORS.put(texts.get(i), vectors.get(i));
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (embeddings != null) {
            embeddings.close();
            try (var files = Files.walk(cache)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static ClusteringMetrics.Scores run(LabelledSets.Labelled set, boolean withVectors) {
        List<PatternDetector.Item> items = new ArrayList<>();
        for (int i = 0; i < set.texts().size(); i++) {
            String text = set.texts().get(i);
            items.add(new PatternDetector.Item("t" + i, text, withVectors ? VECTORS.get(text) : null, 1.0));
        }
        List<PatternDetector.Pattern> patterns = new PatternDetector(new PatternDetector.Settings(3, 0.7)).detect(items);
        return ClusteringMetrics.score(set.labels(), patterns.stream().map(PatternDetector.Pattern::members).toList());
    }

    /** Issue target: ≥ 95 % recovered with ARI ≥ 0.92. Measured 97.6 % (121/124), ARI 0.962, purity 0.997: reached. */
    @Test
    void followBenchRewordingsAreRecovered() {
        ClusteringMetrics.Scores s = run(LabelledSets.followBench(), true);

        assertThat(s.groupsRecovered()).isGreaterThanOrEqualTo(0.95);
        assertThat(s.ari()).isGreaterThanOrEqualTo(0.92);
        assertThat(s.purity()).isGreaterThanOrEqualTo(0.99);
    }

    /** Issue target: ≤ 1 % of Arena-Hard's unrelated pairs in any pattern. Measured 0 %: reached. */
    @Test
    void arenaHardFormsNoFalsePatterns() {
        assertThat(run(LabelledSets.arenaHard(), true).itemsInPatterns()).isLessThanOrEqualTo(0.01);
        assertThat(run(LabelledSets.arenaHard(), false).itemsInPatterns()).isLessThanOrEqualTo(0.01);
    }

    /**
     * Issue target: ≥ 4 of 8 categories. Measured 4 of 8 (coding, math, writing, extraction), purity 1.0:
     * reached. Lexically only: 2 of 8 (coding, extraction).
     */
    @Test
    void mtBenchCategoriesAreRecoveredByKind() {
        ClusteringMetrics.Scores s = run(LabelledSets.mtBench(), true);

        assertThat(s.recoveredLabels()).isGreaterThanOrEqualTo(4);
        assertThat(s.purity()).isEqualTo(1.0);
        assertThat(run(LabelledSets.mtBench(), false).recoveredLabels()).isGreaterThanOrEqualTo(2);
    }

    /** Lexical only (embeddings off): measured FollowBench 86.3 %, purity 0.960, Arena-Hard 0 %. */
    @Test
    void withoutEmbeddingsRewordingsAreStillFound() {
        ClusteringMetrics.Scores s = run(LabelledSets.followBench(), false);

        assertThat(s.groupsRecovered()).isGreaterThanOrEqualTo(0.84);
        assertThat(s.purity()).isGreaterThanOrEqualTo(0.94);
    }

    @Test
    void embedAllGivesTheVectorsOfEmbedOneByOne() {
        List<String> texts = List.of("Write a function to reverse a linked list.", "hi",
                LabelledSets.mtBench().texts().get(0), "x".repeat(3_000), LabelledSets.followBench().texts().get(40));

        List<float[]> batch = embeddings.embedAll(texts);

        for (int i = 0; i < texts.size(); i++) {
            float[] single = embeddings.embed(texts.get(i));
            for (int d = 0; d < single.length; d++) {
                assertThat(batch.get(i)[d]).as("text %d, dimension %d", i, d).isCloseTo(single[d], within(1e-4f));
            }
        }
    }
}
