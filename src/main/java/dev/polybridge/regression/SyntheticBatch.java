package dev.polybridge.regression;

/** Larger batches made from real rows: each row is a copy of a source row drawn uniformly with replacement. */
public final class SyntheticBatch {
    private SyntheticBatch() {}

    public static Dataset resample(Dataset source, int rows, long seed) {
        if (rows < 1) throw new IllegalArgumentException("a batch needs at least one row, got " + rows);
        SplitMix64 random = new SplitMix64(seed);
        int[] picks = new int[rows];
        for (int r = 0; r < rows; r++) picks[r] = random.nextInt(source.rows());
        return source.select(picks);
    }
}
