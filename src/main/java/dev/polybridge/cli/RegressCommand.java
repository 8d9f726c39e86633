package dev.polybridge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.polybridge.regression.FitMetrics;
import dev.polybridge.regression.InformationCriteria;
import dev.polybridge.regression.InvalidDataException;
import dev.polybridge.regression.LinearModel;
import dev.polybridge.regression.PredictionComparison;
import dev.polybridge.regression.Regression;
import dev.polybridge.regression.RegressionOptions;
import dev.polybridge.regression.RegressionResult;
import dev.polybridge.regression.Solver;
import dev.polybridge.regression.SyntheticBatch;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "regress",
        mixinStandardHelpOptions = true,
        description = {
            "Fit an ordinary least-squares linear regression to a CSV file, natively in Java (EJML).",
            "Prints the coefficients, MSE/RMSE/R² on the train and test rows, AIC and BIC, and checks that serial "
                    + "and concurrent (virtual-thread) prediction agree to the last bit.",
            "Bad input (unknown column, missing or non-numeric cell, collinear columns, too few rows) exits with 2."
        })
public class RegressCommand implements Callable<Integer> {
    static final int EXIT_BAD_INPUT = 2;
    private static final int TIMING_RUNS = 21;
    static final int MAX_CHUNKS = 1024;
    static final int MAX_PREDICT_ROWS = 1_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV file with a header row.")
    Path data;

    @Option(names = "--target", paramLabel = "COLUMN", description = "Target column (default: the last column).")
    String target;

    @Option(
            names = "--features",
            split = ",",
            paramLabel = "COLUMN",
            description = "Feature columns, comma-separated (default: every numeric column except the target).")
    List<String> features = new ArrayList<>();

    @Option(
            names = "--solver",
            paramLabel = "qr|normal-equation",
            defaultValue = "qr",
            converter = SolverConverter.class,
            description = "qr: Householder QR (default, stable); normal-equation: Cholesky of XᵀX.")
    Solver solver;

    @Option(names = "--no-intercept", description = "Fit without intercept, as goMLproject did.")
    boolean noIntercept;

    @Option(
            names = "--test-fraction",
            defaultValue = "0.2",
            paramLabel = "F",
            description = "Share of rows held out for testing, > 0 and < 1 (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Seed of the train/test split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--predict-rows",
            paramLabel = "N",
            description =
                    "Compare serial and concurrent prediction on N synthetic rows resampled from the training rows, "
                            + "at most " + MAX_PREDICT_ROWS + " (default: the test rows).")
    Integer predictRows;

    @Option(
            names = "--chunks",
            paramLabel = "N",
            description = "Virtual threads for the concurrent prediction, at most " + MAX_CHUNKS
                    + " (default: available processors, ${DEFAULT-VALUE}).")
    int chunks = Runtime.getRuntime().availableProcessors();

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        validateOptions();
        PrintWriter out = spec.commandLine().getOut();
        try {
            RegressionOptions options = new RegressionOptions(solver, !noIntercept, testFraction, seed);
            RegressionResult result = Regression.fitAndEvaluate(data, target, features, options);
            boolean synthetic = predictRows != null;
            DMatrixRMaj batch = synthetic
                    ? SyntheticBatch.resample(result.train(), predictRows, seed).features()
                    : result.test().features();
            PredictionComparison prediction = PredictionComparison.measure(result.model(), batch, chunks, TIMING_RUNS);
            Report report = Report.of(
                    result,
                    new Prediction(
                            synthetic ? "synthetic rows resampled from the training rows" : "test rows", prediction));
            out.print(json ? toJson(report) : toText(report));
            out.flush();
            return prediction.identical() ? 0 : 1;
        } catch (InvalidDataException e) {
            spec.commandLine().getErr().println("polybridge regress: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
    }

    private void validateOptions() {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new ParameterException(
                    spec.commandLine(), "--test-fraction must be > 0 and < 1, got " + testFraction);
        }
        if (chunks < 1) throw new ParameterException(spec.commandLine(), "--chunks must be >= 1, got " + chunks);
        if (chunks > MAX_CHUNKS) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--chunks is %d; the limit is %d (one virtual thread per chunk)".formatted(chunks, MAX_CHUNKS));
        }
        if (predictRows != null && predictRows < 1) {
            throw new ParameterException(spec.commandLine(), "--predict-rows must be >= 1, got " + predictRows);
        }
        if (predictRows != null && predictRows > MAX_PREDICT_ROWS) {
            throw new ParameterException(
                    spec.commandLine(),
                    ("--predict-rows is %d; the limit is %d (the rows and two"
                                    + " sets of predictions are held in memory)")
                            .formatted(predictRows, MAX_PREDICT_ROWS));
        }
        if (features.stream().anyMatch(String::isBlank)) {
            throw new ParameterException(
                    spec.commandLine(), "--features has an empty column name: " + String.join(",", features));
        }
    }

    static final class SolverConverter implements ITypeConverter<Solver> {
        @Override
        public Solver convert(String value) {
            return Solver.fromCliName(value);
        }
    }

    /** What the command prints, text or JSON. */
    record Report(
            String data,
            int rows,
            String target,
            List<String> features,
            List<String> skippedColumns,
            String solver,
            boolean intercept,
            long seed,
            double testFraction,
            int trainRows,
            int testRows,
            Map<String, Double> coefficients,
            FitMetrics train,
            FitMetrics test,
            InformationCriteria criteria,
            Prediction prediction) {
        static Report of(RegressionResult result, Prediction prediction) {
            LinearModel model = result.model();
            Map<String, Double> coefficients = new LinkedHashMap<>();
            if (model.hasIntercept()) coefficients.put(LinearModel.INTERCEPT_NAME, model.intercept());
            double[] values = model.coefficients();
            for (int j = 0; j < values.length; j++)
                coefficients.put(model.featureNames().get(j), values[j]);
            RegressionOptions options = result.options();
            return new Report(
                    result.train().source(),
                    result.train().rows() + result.test().rows(),
                    result.train().targetName(),
                    model.featureNames(),
                    result.train().skippedColumns(),
                    options.solver().cliName(),
                    options.intercept(),
                    options.seed(),
                    options.testFraction(),
                    result.train().rows(),
                    result.test().rows(),
                    coefficients,
                    result.trainMetrics(),
                    result.testMetrics(),
                    result.criteria(),
                    prediction);
        }
    }

    record Prediction(
            String batch,
            int rows,
            int chunks,
            boolean identical,
            int runs,
            double serialMedianMicros,
            double concurrentMedianMicros) {
        Prediction(String batch, PredictionComparison c) {
            this(
                    batch,
                    c.rows(),
                    c.chunks(),
                    c.identical(),
                    c.runs(),
                    c.serialMedianMicros(),
                    c.concurrentMedianMicros());
        }
    }

    private static String toJson(Report report) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String toText(Report r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "%s: %d rows, target %s, %d features%s%n",
                r.data(),
                r.rows(),
                r.target(),
                r.features().size(),
                r.skippedColumns().isEmpty()
                        ? ""
                        : " (skipped text column" + (r.skippedColumns().size() == 1 ? " " : "s ")
                                + String.join(", ", r.skippedColumns()) + ")"));
        s.append(String.format(
                Locale.ROOT,
                "split: seed %d, test fraction %s -> %d train rows, %d test rows%n",
                r.seed(),
                r.testFraction(),
                r.trainRows(),
                r.testRows()));
        s.append(String.format(Locale.ROOT, "solver: %s, %s intercept%n%n", r.solver(), r.intercept() ? "with" : "no"));
        int width = Math.max(
                "coefficient".length(),
                r.coefficients().keySet().stream()
                        .mapToInt(String::length)
                        .max()
                        .orElse(0));
        s.append(String.format(Locale.ROOT, "%-" + width + "s  %20s%n", "coefficient", "value"));
        r.coefficients()
                .forEach((name, value) ->
                        s.append(String.format(Locale.ROOT, "%-" + width + "s  %20.12g%n", name, value)));
        s.append(String.format(Locale.ROOT, "%n%-5s  %12s  %12s  %10s  %5s%n", "", "MSE", "RMSE", "R²", "rows"));
        for (var row : List.of(Map.entry("train", r.train()), Map.entry("test", r.test()))) {
            FitMetrics m = row.getValue();
            s.append(String.format(
                    Locale.ROOT,
                    "%-5s  %12.6f  %12.6f  %10.6f  %5d%n",
                    row.getKey(),
                    m.mse(),
                    m.rmse(),
                    m.r2(),
                    m.n()));
        }
        InformationCriteria c = r.criteria();
        s.append(String.format(
                Locale.ROOT,
                "%nAIC %.4f  BIC %.4f  (Gaussian log-likelihood %.4f on n = %d training rows, "
                        + "k = %d fitted parameters)%n",
                c.aic(),
                c.bic(),
                c.logLikelihood(),
                c.n(),
                c.k()));
        Prediction p = r.prediction();
        s.append(String.format(
                Locale.ROOT,
                "%nprediction of %d %s: serial and concurrent (%d chunk%s on virtual threads) %s%n",
                p.rows(),
                p.batch(),
                p.chunks(),
                p.chunks() == 1 ? "" : "s",
                p.identical() ? "identical to the last bit" : "DIFFER"));
        s.append(String.format(
                Locale.ROOT,
                "  median of %d runs in this process: serial %.1f µs, concurrent %.1f µs "
                        + "(not a benchmark; see docs/benchmarks.md)%n",
                p.runs(),
                p.serialMedianMicros(),
                p.concurrentMedianMicros()));
        return s.toString();
    }
}
