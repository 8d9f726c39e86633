package dev.polybridge.regression;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ejml.data.DMatrixRMaj;

/**
 * Predicts a batch of rows serially or split into contiguous chunks, one virtual thread per chunk.
 * Both paths compute each row with the same code, so the results are bit-identical.
 */
public final class BatchPredictor {
    private BatchPredictor() {}

    public static double[] predictSerially(LinearModel model, DMatrixRMaj rows) {
        requireWidth(model, rows);
        double[] out = new double[rows.numRows];
        model.predictRows(rows, 0, rows.numRows, out);
        return out;
    }

    /** @param chunks how many virtual threads share the rows (fewer when there are fewer rows) */
    public static double[] predictConcurrently(LinearModel model, DMatrixRMaj rows, int chunks)
            throws InterruptedException {
        if (chunks < 1) throw new IllegalArgumentException("chunks must be >= 1, got " + chunks);
        requireWidth(model, rows);
        int n = rows.numRows;
        int tasks = Math.max(1, Math.min(chunks, n));
        double[] out = new double[n];
        List<Future<?>> futures = new ArrayList<>(tasks);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < tasks; t++) {
                int from = (int) ((long) n * t / tasks);
                int to = (int) ((long) n * (t + 1) / tasks);
                futures.add(executor.submit(() -> model.predictRows(rows, from, to, out)));
            }
            for (Future<?> future : futures) future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a prediction chunk failed", e.getCause());
        }
        return out;
    }

    private static void requireWidth(LinearModel model, DMatrixRMaj rows) {
        if (rows.numCols != model.featureNames().size()) {
            throw new IllegalArgumentException("rows have " + rows.numCols + " columns; the model needs "
                    + model.featureNames().size() + " " + model.featureNames());
        }
    }
}
