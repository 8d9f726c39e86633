package dev.polybridge.regression;

/**
 * AIC and BIC of a Gaussian OLS fit from its maximised log-likelihood, as statsmodels' {@code OLS} reports them:
 * <pre>
 *   ln L = −n/2 · (ln(2π) + ln(RSS/n) + 1)
 *   AIC  = 2k − 2 ln L
 *   BIC  = k ln n − 2 ln L
 * </pre>
 * with n the training rows and k the fitted coefficients, intercept included (the noise variance is not counted,
 * as in statsmodels; R's {@code AIC(lm)} counts it and is 2 higher). goMLproject used n ln(MSE) + 2k, which drops
 * the constant n(1 + ln 2π), on the test rows, with k = 2 whatever the number of features.
 */
public record InformationCriteria(int n, int k, double logLikelihood, double aic, double bic) {
    public static InformationCriteria gaussianOls(double rss, int n, int k) {
        double logLikelihood = -0.5 * n * (Math.log(2 * Math.PI) + Math.log(rss / n) + 1);
        return new InformationCriteria(
                n, k, logLikelihood, 2 * k - 2 * logLikelihood, k * Math.log(n) - 2 * logLikelihood);
    }
}
