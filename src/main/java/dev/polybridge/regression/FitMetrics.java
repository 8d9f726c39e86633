package dev.polybridge.regression;

/**
 * How well predictions match observed values.
 *
 * @param rss the residual sum of squares
 * @param r2  1 − RSS/TSS with TSS centred on the mean of the observed values (scikit-learn's {@code r2_score}),
 *            also for a model without intercept
 */
public record FitMetrics(int n, double rss, double mse, double rmse, double r2) {
    public static FitMetrics of(double[] observed, double[] predicted) {
        if (observed.length != predicted.length || observed.length == 0) {
            throw new IllegalArgumentException(
                    observed.length + " observed and " + predicted.length + " predicted values");
        }
        int n = observed.length;
        double mean = 0;
        for (double y : observed) mean += y;
        mean /= n;
        double rss = 0;
        double tss = 0;
        for (int i = 0; i < n; i++) {
            double residual = observed[i] - predicted[i];
            double deviation = observed[i] - mean;
            rss += residual * residual;
            tss += deviation * deviation;
        }
        double mse = rss / n;
        return new FitMetrics(n, rss, mse, Math.sqrt(mse), 1 - rss / tss);
    }
}
