package dev.polybridge.regression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainTestSplitTest {
    @Test
    void holdsOutCeilOfTheFractionAndPartitionsAllRows() {
        TrainTestSplit split = TrainTestSplit.of(506, 0.2, 42);
        assertEquals(102, split.test().length);
        assertEquals(404, split.train().length);
        int[] all = IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.test()))
                .sorted()
                .toArray();
        assertArrayEquals(IntStream.range(0, 506).toArray(), all);
        assertArrayEquals(Arrays.stream(split.test()).sorted().toArray(), split.test());
    }

    @Test
    void sameSeedSameRowsOtherSeedOtherRows() {
        assertArrayEquals(
                TrainTestSplit.of(506, 0.2, 42).test(),
                TrainTestSplit.of(506, 0.2, 42).test());
        assertFalse(Arrays.equals(
                TrainTestSplit.of(506, 0.2, 42).test(),
                TrainTestSplit.of(506, 0.2, 43).test()));
    }

    @Test
    void permutationIsPinned() {
        // SplitMix64(42) + Fisher–Yates, as in scripts/regression_golden.py; the golden files pin the full split.
        assertArrayEquals(new int[] {0, 9, 5, 8, 6, 4, 7, 2, 1, 3}, TrainTestSplit.permutation(10, 42));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1, -0.1, 1.5, Double.NaN})
    void fractionOutsideTheOpenUnitIntervalIsRefused(double fraction) {
        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.of(506, fraction, 42));
    }

    @Test
    void tooFewRowsForBothSidesIsAnError() {
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> TrainTestSplit.of(1, 0.2, 42));
        assertEquals(
                "1 data rows with test fraction 0.2 leave 0 training and 1 test rows; both need at least one",
                e.getMessage());
    }
}
