package dev.polybridge.regression;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * Serial against concurrent prediction of one batch: whether the results are bit-identical, and median wall times
 * from alternating runs in the calling process. A quick check, not a benchmark: the JMH numbers are in
 * docs/benchmarks.md.
 */
public record PredictionComparison(
        int rows, int chunks, boolean identical, int runs, double serialMedianMicros, double concurrentMedianMicros) {

    public static PredictionComparison measure(LinearModel model, DMatrixRMaj batch, int chunks, int runs)
            throws InterruptedException {
        if (runs < 1) throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        double[] serial = BatchPredictor.predictSerially(model, batch);
        double[] concurrent = BatchPredictor.predictConcurrently(model, batch, chunks);
        boolean identical = Arrays.equals(bits(serial), bits(concurrent));
        long[] serialNanos = new long[runs];
        long[] concurrentNanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            BatchPredictor.predictSerially(model, batch);
            serialNanos[i] = System.nanoTime() - start;
            start = System.nanoTime();
            BatchPredictor.predictConcurrently(model, batch, chunks);
            concurrentNanos[i] = System.nanoTime() - start;
        }
        return new PredictionComparison(
                batch.numRows,
                Math.min(chunks, batch.numRows),
                identical,
                runs,
                medianMicros(serialNanos),
                medianMicros(concurrentNanos));
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static double medianMicros(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
        return median / 1000;
    }
}
