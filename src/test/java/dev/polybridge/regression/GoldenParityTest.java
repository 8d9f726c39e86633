package dev.polybridge.regression;

import static dev.polybridge.regression.Golden.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Coefficients and metrics equal numpy lstsq / scikit-learn on the same rows (scripts/regression_golden.py). */
class GoldenParityTest {
    static final List<String> CASES = Golden.CASES;
    private static final double TOLERANCE = 1e-9;

    @ParameterizedTest
    @FieldSource("CASES")
    void splitDrawsTheSameRowsAsPython(String name) {
        Golden golden = Golden.load(name);
        Dataset data = read(golden);
        TrainTestSplit split = TrainTestSplit.of(data.rows(), 0.2, 42);
        assertArrayEquals(golden.indices("train"), split.train());
        assertArrayEquals(golden.indices("test"), split.test());
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void defaultColumnsMatchThePythonSelection(String name) {
        Golden golden = Golden.load(name);
        Dataset data = read(golden);
        assertEquals(golden.features(), data.featureNames());
        assertEquals(golden.skippedColumns(), data.skippedColumns());
        assertEquals(golden.target(), data.targetName());
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void qrCoefficientsEqualNumpy(String name) {
        assertCoefficients(Golden.load(name), Solver.QR);
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void normalEquationCoefficientsEqualNumpy(String name) {
        assertCoefficients(Golden.load(name), Solver.NORMAL_EQUATION);
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void metricsAndInformationCriteriaEqualPython(String name) {
        Golden golden = Golden.load(name);
        RegressionResult result = fit(golden, Solver.QR);
        assertMetrics(golden, "train", result.trainMetrics());
        assertMetrics(golden, "test", result.testMetrics());
        InformationCriteria criteria = result.criteria();
        assertEquals(golden.value("criteria", "n"), criteria.n());
        assertEquals(golden.value("criteria", "k"), criteria.k());
        assertRelative(
                golden.value("criteria", "log_likelihood"), criteria.logLikelihood(), TOLERANCE, "log-likelihood");
        assertRelative(golden.value("criteria", "aic"), criteria.aic(), TOLERANCE, "AIC");
        assertRelative(golden.value("criteria", "bic"), criteria.bic(), TOLERANCE, "BIC");
    }

    /** Also prints the largest deviation, the figure docs/regression.md quotes. */
    private static void assertCoefficients(Golden golden, Solver solver) {
        LinearModel model = fit(golden, solver).model();
        assertEquals(golden.intercept(), model.hasIntercept());
        double largest = 0;
        if (model.hasIntercept()) {
            assertRelative(golden.coefficient("intercept"), model.intercept(), TOLERANCE, "intercept");
            largest = relative(golden.coefficient("intercept"), model.intercept());
        }
        double[] coefficients = model.coefficients();
        for (int j = 0; j < coefficients.length; j++) {
            String feature = model.featureNames().get(j);
            assertRelative(golden.coefficient(feature), coefficients[j], TOLERANCE, feature);
            largest = Math.max(largest, relative(golden.coefficient(feature), coefficients[j]));
        }
        System.out.printf(
                Locale.ROOT,
                "%s, %s: largest relative deviation from numpy %.1e%n",
                golden.json().get("case").asText(),
                solver.cliName(),
                largest);
    }

    private static double relative(double expected, double actual) {
        return Math.abs(actual - expected) / Math.abs(expected);
    }

    private static void assertMetrics(Golden golden, String section, FitMetrics metrics) {
        assertEquals(golden.value(section, "n"), metrics.n());
        assertRelative(golden.value(section, "rss"), metrics.rss(), TOLERANCE, section + " RSS");
        assertRelative(golden.value(section, "mse"), metrics.mse(), TOLERANCE, section + " MSE");
        assertRelative(golden.value(section, "rmse"), metrics.rmse(), TOLERANCE, section + " RMSE");
        assertRelative(golden.value(section, "r2"), metrics.r2(), TOLERANCE, section + " R²");
    }

    private static RegressionResult fit(Golden golden, Solver solver) {
        return Regression.fitAndEvaluate(read(golden), new RegressionOptions(solver, golden.intercept(), 0.2, 42));
    }

    private static Dataset read(Golden golden) {
        List<String> features = golden.json().get("case").asText().contains("goml") ? golden.features() : List.of();
        return DatasetReader.read(SharedData.file(golden.data()), golden.target(), features);
    }
}
