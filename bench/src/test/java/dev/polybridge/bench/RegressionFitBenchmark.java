package dev.polybridge.bench;

import dev.polybridge.regression.Dataset;
import dev.polybridge.regression.DatasetReader;
import dev.polybridge.regression.LinearModel;
import dev.polybridge.regression.LinearRegression;
import dev.polybridge.regression.Solver;
import dev.polybridge.regression.SyntheticBatch;
import dev.polybridge.regression.TrainTestSplit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole fit (finite-value and rank checks included) with intercept on the 12 Boston Housing features, by training
 * rows: 404 are the real training rows of the default split; larger sets are those rows resampled with replacement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class RegressionFitBenchmark {
    @Param({"qr", "normal-equation"})
    public String solver;

    @Param({"404", "4040", "40400", "404000"})
    public int rows;

    private Solver chosen;
    private Dataset train;

    @Setup
    public void setUp() {
        Dataset data = DatasetReader.read(RegressionPredictBenchmark.housing(), "mv", List.of());
        Dataset defaultTrain = data.select(
                TrainTestSplit.of(data.rows(), TrainTestSplit.DEFAULT_TEST_FRACTION, TrainTestSplit.DEFAULT_SEED)
                        .train());
        train = rows == defaultTrain.rows() ? defaultTrain : SyntheticBatch.resample(defaultTrain, rows, 42);
        chosen = Solver.fromCliName(solver);
    }

    @Benchmark
    public LinearModel fit() {
        return LinearRegression.fit(train, chosen, true);
    }
}
