package dev.polybridge.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The closed forms against their definitions; GoldenParityTest checks them against the Python computation. */
class InformationCriteriaTest {
    @Test
    void logLikelihoodIsTheSumOfGaussianLogDensitiesAtTheMaximumLikelihoodVariance() {
        double[] residuals = {1.5, -2.25, 0.5, 3.0, -0.75, -1.0, 2.0};
        int n = residuals.length;
        double rss = 0;
        for (double r : residuals) rss += r * r;
        double variance = rss / n;
        double byDefinition = 0;
        for (double r : residuals) byDefinition += -0.5 * Math.log(2 * Math.PI * variance) - r * r / (2 * variance);

        InformationCriteria criteria = InformationCriteria.gaussianOls(rss, n, 3);
        assertEquals(byDefinition, criteria.logLikelihood(), 1e-12);
        assertEquals(2 * 3 - 2 * byDefinition, criteria.aic(), 1e-12);
        assertEquals(3 * Math.log(n) - 2 * byDefinition, criteria.bic(), 1e-12);
    }

    @Test
    void differsFromTheShortFormOnlyByTheConstant() {
        double rss = 7936.0;
        int n = 404;
        int k = 13;
        double shortForm = n * Math.log(rss / n) + 2 * k;
        assertEquals(
                shortForm + n * (1 + Math.log(2 * Math.PI)),
                InformationCriteria.gaussianOls(rss, n, k).aic(),
                1e-9);
    }
}
