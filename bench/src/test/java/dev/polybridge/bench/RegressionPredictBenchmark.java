package dev.polybridge.bench;

import dev.polybridge.regression.BatchPredictor;
import dev.polybridge.regression.LinearModel;
import dev.polybridge.regression.Regression;
import dev.polybridge.regression.RegressionOptions;
import dev.polybridge.regression.RegressionResult;
import dev.polybridge.regression.SyntheticBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
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
 * Serial against concurrent prediction (one virtual thread per chunk, as many chunks as processors) by batch size.
 * 102 rows are the real test rows (goMLproject's batch); larger batches are training rows resampled with replacement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class RegressionPredictBenchmark {
    @Param({"102", "256", "1024", "4096", "16384", "65536", "262144", "1048576"})
    public int rows;

    /** A parameter, not two methods, so that JMH runs both ways of one batch size back to back. */
    @Param({"serial", "concurrent"})
    public String way;

    private LinearModel model;
    private DMatrixRMaj batch;
    private int chunks;
    private boolean concurrent;

    @Setup
    public void setUp() {
        RegressionResult result = Regression.fitAndEvaluate(housing(), "mv", List.of(), RegressionOptions.DEFAULTS);
        model = result.model();
        batch = rows == result.test().rows()
                ? result.test().features()
                : SyntheticBatch.resample(result.train(), rows, 42).features();
        chunks = Runtime.getRuntime().availableProcessors();
        concurrent = switch (way) {
            case "serial" -> false;
            case "concurrent" -> true;
            default -> throw new IllegalArgumentException("way is serial or concurrent, got " + way);
        };
    }

    @Benchmark
    public double[] predict() throws InterruptedException {
        return concurrent
                ? BatchPredictor.predictConcurrently(model, batch, chunks)
                : BatchPredictor.predictSerially(model, batch);
    }

    static Path housing() {
        String shared =
                System.getProperty("polybridge.shared", System.getenv().getOrDefault("POLYBRIDGE_SHARED", "../shared"));
        return Path.of(shared, "data", "boston-housing.csv");
    }
}
