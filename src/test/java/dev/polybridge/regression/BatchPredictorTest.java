package dev.polybridge.regression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchPredictorTest {
    private static RegressionResult result;

    @BeforeAll
    static void fit() {
        result = Regression.fitAndEvaluate(
                SharedData.file(SharedData.HOUSING), "mv", List.of(), RegressionOptions.DEFAULTS);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 101, 102, 1000})
    void concurrentEqualsSerialBitForBitOnTheTestRows(int chunks) throws InterruptedException {
        DMatrixRMaj rows = result.test().features();
        assertBitIdentical(
                BatchPredictor.predictSerially(result.model(), rows),
                BatchPredictor.predictConcurrently(result.model(), rows, chunks));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8, 64})
    void concurrentEqualsSerialBitForBitOnALargeSyntheticBatch(int chunks) throws InterruptedException {
        DMatrixRMaj rows = SyntheticBatch.resample(result.train(), 200_003, 7).features();
        assertBitIdentical(
                BatchPredictor.predictSerially(result.model(), rows),
                BatchPredictor.predictConcurrently(result.model(), rows, chunks));
    }

    @Test
    void batchPredictionEqualsRowByRowPrediction() {
        DMatrixRMaj rows = result.test().features();
        double[] batch = BatchPredictor.predictSerially(result.model(), rows);
        for (int r = 0; r < rows.numRows; r++) {
            double[] row = Arrays.copyOfRange(rows.data, r * rows.numCols, (r + 1) * rows.numCols);
            assertEquals(Double.doubleToRawLongBits(result.model().predict(row)), Double.doubleToRawLongBits(batch[r]));
        }
    }

    @Test
    void syntheticBatchIsReproducibleAndMadeOfRealRows() {
        Dataset batch = SyntheticBatch.resample(result.train(), 1000, 42);
        assertArrayEquals(
                batch.features().data,
                SyntheticBatch.resample(result.train(), 1000, 42).features().data);
        List<List<Double>> trainingRows = rows(result.train());
        List<List<Double>> batchRows = rows(batch);
        batchRows.forEach(row -> assertTrue(trainingRows.contains(row), () -> "not a training row: " + row));
    }

    @Test
    void badArgumentsAreRefused() {
        DMatrixRMaj rows = result.test().features();
        assertThrows(IllegalArgumentException.class, () -> BatchPredictor.predictConcurrently(result.model(), rows, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> BatchPredictor.predictSerially(result.model(), new DMatrixRMaj(3, 11)));
    }

    private static void assertBitIdentical(double[] serial, double[] concurrent) {
        assertArrayEquals(
                Arrays.stream(serial).mapToLong(Double::doubleToRawLongBits).toArray(),
                Arrays.stream(concurrent).mapToLong(Double::doubleToRawLongBits).toArray());
    }

    /** Each row as its features followed by its target. */
    private static List<List<Double>> rows(Dataset data) {
        DMatrixRMaj m = data.features();
        return IntStream.range(0, m.numRows)
                .mapToObj(r -> DoubleStream.concat(
                                Arrays.stream(m.data, r * m.numCols, (r + 1) * m.numCols),
                                DoubleStream.of(data.target()[r]))
                        .boxed()
                        .toList())
                .toList();
    }
}
