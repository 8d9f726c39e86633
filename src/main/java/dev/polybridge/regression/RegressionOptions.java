package dev.polybridge.regression;

/**
 * How {@link Regression#fitAndEvaluate} splits and fits.
 *
 * @param testFraction share of rows held out for testing, in (0, 1); the test rows are ceil(n × testFraction)
 * @param seed         seeds the split (see {@link TrainTestSplit}); the same seed gives the same rows on every run
 */
public record RegressionOptions(Solver solver, boolean intercept, double testFraction, long seed) {
    public static final RegressionOptions DEFAULTS =
            new RegressionOptions(Solver.QR, true, TrainTestSplit.DEFAULT_TEST_FRACTION, TrainTestSplit.DEFAULT_SEED);

    public RegressionOptions {
        if (solver == null) throw new IllegalArgumentException("solver is required");
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be > 0 and < 1, got " + testFraction);
        }
    }
}
