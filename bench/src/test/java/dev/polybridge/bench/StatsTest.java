package dev.polybridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfOddAndEvenCountsAndOfNothing() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).hasValue(2.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).hasValue(2.5);
        assertThat(Stats.median(List.of(7.0))).hasValue(7.0);
        assertThat(Stats.median(List.of())).isEmpty();
    }

    @Test
    void pairRatiosOnlyPairRunsOfTheSameRepetition() {
        Map<Integer, Double> polybridge = Map.of(1, 60.0, 2, 66.0, 3, 63.0);
        Map<Integer, Double> single = Map.of(1, 4.0, 3, 4.5);

        assertThat(Stats.pairRatios(polybridge, single)).containsExactly(15.0, 14.0);
    }

    @Test
    void aBaselineOfZeroGivesNoRatio() {
        assertThat(Stats.pairRatios(Map.of(1, 5.0), Map.of(1, 0.0))).isEmpty();
    }

    @Test
    void growthIsRelativeToTheFirstCount() {
        assertThat(Stats.growth(700, 742)).isCloseTo(0.06, within(1e-12));
        assertThat(Stats.growth(700, 700)).isZero();
    }
}
