package dev.polybridge.regression;

import java.util.Arrays;

/**
 * A reproducible train/test split of row indices, both sorted ascending.
 *
 * <p>Algorithm (mirrored by {@code scripts/regression_golden.py}): start from the identity permutation of
 * {@code 0..n-1}; for {@code i = n-1} down to {@code 1}, draw {@code j = SplitMix64(seed).nextInt(i + 1)} and swap
 * positions {@code i} and {@code j} (Fisher–Yates). The first {@code ceil(n * testFraction)} entries are the test
 * rows (scikit-learn's rounding of {@code test_size}), the rest the training rows.
 */
public record TrainTestSplit(int[] train, int[] test) {
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_TEST_FRACTION = 0.2;

    public static TrainTestSplit of(int rows, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be > 0 and < 1, got " + testFraction);
        }
        int testRows = (int) Math.ceil(rows * testFraction);
        if (testRows < 1 || testRows >= rows) {
            throw new InvalidDataException(rows + " data rows with test fraction " + testFraction + " leave "
                    + (rows - testRows) + " training and " + testRows + " test rows; both need at least one");
        }
        int[] permutation = permutation(rows, seed);
        int[] test = Arrays.copyOfRange(permutation, 0, testRows);
        int[] train = Arrays.copyOfRange(permutation, testRows, rows);
        Arrays.sort(test);
        Arrays.sort(train);
        return new TrainTestSplit(train, test);
    }

    static int[] permutation(int rows, long seed) {
        int[] indices = new int[rows];
        Arrays.setAll(indices, i -> i);
        SplitMix64 random = new SplitMix64(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
        return indices;
    }
}
