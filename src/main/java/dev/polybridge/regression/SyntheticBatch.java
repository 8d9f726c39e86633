package dev.polybridge.regression;

import org.ejml.data.DMatrixRMaj;

/** Larger prediction batches made from real rows: each row is a copy of a source row drawn uniformly with replacement. */
public final class SyntheticBatch {
    private SyntheticBatch() {
    }

    public static DMatrixRMaj resample(DMatrixRMaj source, int rows, long seed) {
        if (rows < 1) throw new IllegalArgumentException("a batch needs at least one row, got " + rows);
        int columns = source.numCols;
        DMatrixRMaj batch = new DMatrixRMaj(rows, columns);
        SplitMix64 random = new SplitMix64(seed);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(source.data, random.nextInt(source.numRows) * columns, batch.data, r * columns, columns);
        }
        return batch;
    }
}
