package dev.polybridge.regression;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A fitted linear model: {@code y = intercept + Σ coefficients[j] · x[j]}.
 *
 * <p>Every prediction goes through {@link #predict(double[], int)}, one fixed order of operations per row, so a row's
 * prediction is the same double whichever thread or batch computes it.
 *
 * @param intercept 0 when the model was fitted without one
 */
public record LinearModel(List<String> featureNames, boolean hasIntercept, double intercept, double[] coefficients) {
    public static final String INTERCEPT_NAME = "(intercept)";

    public LinearModel {
        featureNames = List.copyOf(featureNames);
        coefficients = coefficients.clone();
        if (coefficients.length != featureNames.size()) {
            throw new IllegalArgumentException(
                    coefficients.length + " coefficients for " + featureNames.size() + " features");
        }
        if (!hasIntercept && intercept != 0)
            throw new IllegalArgumentException("a model without intercept has intercept 0");
    }

    /** The number of fitted parameters: the coefficients plus the intercept when there is one. */
    public int parameterCount() {
        return coefficients.length + (hasIntercept ? 1 : 0);
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    public double predict(double[] row) {
        if (row.length != coefficients.length) {
            throw new IllegalArgumentException(
                    "a row needs " + coefficients.length + " features " + featureNames + ", got " + row.length);
        }
        for (int j = 0; j < row.length; j++) {
            if (!Double.isFinite(row[j])) {
                throw new IllegalArgumentException(
                        "feature \"" + featureNames.get(j) + "\" is " + row[j] + ", not a finite number");
            }
        }
        return predict(row, 0);
    }

    /** Predictions for rows [from, to) of x into out[from..to). */
    void predictRows(DMatrixRMaj x, int from, int to, double[] out) {
        for (int r = from; r < to; r++) out[r] = predict(x.data, r * x.numCols);
    }

    private double predict(double[] data, int offset) {
        double sum = intercept;
        for (int j = 0; j < coefficients.length; j++) sum += coefficients[j] * data[offset + j];
        return sum;
    }
}
