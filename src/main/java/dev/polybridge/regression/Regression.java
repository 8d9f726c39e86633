package dev.polybridge.regression;

import java.nio.file.Path;
import java.util.List;

/** The whole regression: read, split, fit, evaluate. The CLI and the service both start here. */
public final class Regression {
    private Regression() {}

    /**
     * @param target   the target column; null for the last column
     * @param features the feature columns; empty for every numeric column except the target
     */
    public static RegressionResult fitAndEvaluate(
            Path csv, String target, List<String> features, RegressionOptions options) {
        return fitAndEvaluate(DatasetReader.read(csv, target, features), options);
    }

    public static RegressionResult fitAndEvaluate(Dataset data, RegressionOptions options) {
        TrainTestSplit split = TrainTestSplit.of(data.rows(), options.testFraction(), options.seed());
        Dataset train = data.select(split.train());
        Dataset test = data.select(split.test());
        LinearModel model = LinearRegression.fit(train, options.solver(), options.intercept());
        FitMetrics trainMetrics =
                FitMetrics.of(train.target(), BatchPredictor.predictSerially(model, train.features()));
        FitMetrics testMetrics = FitMetrics.of(test.target(), BatchPredictor.predictSerially(model, test.features()));
        InformationCriteria criteria =
                InformationCriteria.gaussianOls(trainMetrics.rss(), trainMetrics.n(), model.parameterCount());
        return new RegressionResult(options, split, train, test, model, trainMetrics, testMetrics, criteria);
    }
}
