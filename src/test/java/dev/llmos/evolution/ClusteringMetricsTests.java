package dev.llmos.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class ClusteringMetricsTests {

    private static final List<String> SIX = List.of("a", "a", "a", "b", "b", "b");

    @Test
    void aPerfectGroupingScoresOne() {
        var s = ClusteringMetrics.score(SIX, List.of(List.of(0, 1, 2), List.of(3, 4, 5)));

        assertThat(s.ari()).isCloseTo(1.0, within(1e-12));
        assertThat(s.nmi()).isCloseTo(1.0, within(1e-12));
        assertThat(s.purity()).isEqualTo(1.0);
        assertThat(s.recoveredLabels()).isEqualTo(2);
        assertThat(s.groupsRecovered()).isEqualTo(1.0);
        assertThat(s.itemsInPatterns()).isEqualTo(1.0);
    }

    /**
     * One pattern {0,1,2,3} (three a, one b), items 4 and 5 noise (singletons). By hand:
     * ARI = (3 - 36/15) / (6 - 36/15) = 1/6; H(labels) = ln 2, H(clusters) = 0.867563,
     * MI = ½ ln 1.5 + ⅙ ln ½ + ⅓ ln 2 = 0.318257, NMI = MI / mean(H) = 0.407836.
     */
    @Test
    void aMixedPatternWithNoiseScoresAsComputedByHand() {
        var s = ClusteringMetrics.score(SIX, List.of(List.of(0, 1, 2, 3)));

        assertThat(s.ari()).isCloseTo(1.0 / 6, within(1e-9));
        assertThat(s.nmi()).isCloseTo(0.407836, within(1e-6));
        assertThat(s.purity()).isEqualTo(0.75);
        assertThat(s.recoveredLabels()).isZero();
        assertThat(s.recoverableLabels()).isEqualTo(2);
        assertThat(s.itemsInPatterns()).isCloseTo(4.0 / 6, within(1e-12));
    }

    @Test
    void allNoiseAgainstAllSingletonLabelsIsAPerfectMatch() {
        var s = ClusteringMetrics.score(List.of("a", "b", "c"), List.of());

        assertThat(s.ari()).isEqualTo(1.0);
        assertThat(s.patterns()).isZero();
        assertThat(s.purity()).isZero();
        assertThat(s.recoverableLabels()).isZero();
    }

    @Test
    void aLabelIsRecoveredOnlyWhenOnePurePatternHoldsMoreThanHalfOfIt() {
        List<String> ten = Collections.nCopies(10, "a");

        assertThat(ClusteringMetrics.score(ten, List.of(List.of(0, 1, 2, 3, 4, 5))).recoveredLabels()).isEqualTo(1);
        assertThat(ClusteringMetrics.score(ten, List.of(List.of(0, 1, 2, 3, 4), List.of(5, 6, 7, 8, 9))).recoveredLabels())
                .isZero();
    }

    @Test
    void aPatternUnderNinetyPercentPureRecoversNothing() {
        List<String> labels = List.of("a", "a", "a", "a", "a", "a", "a", "a", "b", "b");

        // 8 a + 1 b: purity 0.89 < 0.9
        assertThat(ClusteringMetrics.score(labels, List.of(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8))).recoveredLabels()).isZero();
        // 8 a + 0 b
        assertThat(ClusteringMetrics.score(labels, List.of(List.of(0, 1, 2, 3, 4, 5, 6, 7))).recoveredLabels()).isEqualTo(1);
    }

    @Test
    void anItemInTwoPatternsIsRefused() {
        assertThatThrownBy(() -> ClusteringMetrics.score(SIX, List.of(List.of(0, 1), List.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
