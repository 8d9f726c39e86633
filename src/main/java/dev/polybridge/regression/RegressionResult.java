package dev.polybridge.regression;

/**
 * A fitted model with its split and its quality on both sides of the split.
 *
 * @param criteria AIC and BIC on the training rows, where the model was fitted
 */
public record RegressionResult(
        RegressionOptions options,
        TrainTestSplit split,
        Dataset train,
        Dataset test,
        LinearModel model,
        FitMetrics trainMetrics,
        FitMetrics testMetrics,
        InformationCriteria criteria) {}
